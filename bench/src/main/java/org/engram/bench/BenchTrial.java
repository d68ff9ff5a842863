package org.engram.bench;

import java.util.SplittableRandom;
import org.engram.api.TrialContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.data.DataSplits;
import org.engram.api.data.SampleSet;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
import org.engram.neuron.rate.LinearNeuron;
import org.engram.neuron.rate.ReluLayerNormNeuron;
import org.engram.numerics.network.Evaluation;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.numerics.network.SlidingWindow;
import org.engram.numerics.random.Permutations;
import org.engram.testkit.TestNetworks;

/**
 * One seed's trial, driven step by step exactly as the engine's trial runner drives it: each epoch a
 * seeded shuffle of the training split, the window cleared, every sample pushed, {@code learn} when the
 * window is full and the stride has passed. Single-threaded; one instance per seed.
 */
final class BenchTrial {
    private final TrialSetup setup;
    private final SampleSet train;
    private final FeedForwardNetwork network;
    private final Learner learner;
    private final SlidingWindow window;
    private final SplittableRandom order;
    private final int[] permutation;
    private final int stride;
    private int epoch;
    private int next;
    private int sinceLearn;

    BenchTrial(TrialSetup setup, DataSplits data, long seed, ComputeBackend backend) {
        this.setup = setup;
        this.train = data.train();
        TrialContext context = BenchContext.of(seed, backend);
        NeuronLayer[] neurons = new NeuronLayer[setup.hidden().length + 1];
        ReluLayerNormNeuron relu = new ReluLayerNormNeuron();
        Parameters reluDefaults = Parameters.defaults(relu.parameters());
        for (int l = 0; l < setup.hidden().length; l++) {
            neurons[l] = relu.create(setup.hidden()[l], reluDefaults, context.random("neuron/" + l));
        }
        LinearNeuron linear = new LinearNeuron();
        int last = setup.hidden().length;
        neurons[last] = linear.create(data.classes(), Parameters.defaults(linear.parameters()),
                context.random("neuron/" + last));
        this.network = new FeedForwardNetwork(train.inputSize(), neurons, backend, context.random("init"));
        LearningRule rule = setup.createRule();
        this.learner = rule.create(network, setup.parameters(rule), context);
        this.window = new SlidingWindow(learner.windowLength(), train.inputSize(), data.classes());
        this.stride = Math.max(1, learner.stride());
        this.order = context.random("data-order");
        this.permutation = new int[train.size()];
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = i;
        }
        this.next = permutation.length; // the first call starts epoch 1
    }

    /** Takes {@code steps} learning steps, starting a new epoch (new shuffle, empty window) whenever one ends. */
    void learn(long steps) {
        long done = 0;
        while (done < steps) {
            if (next == permutation.length) {
                epoch++;
                Permutations.shuffle(permutation, order);
                window.clear();
                next = 0;
                sinceLearn = 0;
            }
            window.push(train, permutation[next++], epoch);
            if (window.isFull() && ++sinceLearn >= stride) {
                sinceLearn = 0;
                learner.learn(window);
                done++;
            }
        }
    }

    /** Runs the rest of the current epoch (a whole one if none has started); returns the steps taken. */
    long finishEpoch() {
        long steps = 0;
        if (next == permutation.length) {
            learn(1);
            steps++;
        }
        int startEpoch = epoch;
        while (next < permutation.length) {
            window.push(train, permutation[next++], epoch);
            if (window.isFull() && ++sinceLearn >= stride) {
                sinceLearn = 0;
                learner.learn(window);
                steps++;
            }
        }
        learner.endEpoch(startEpoch);
        return steps;
    }

    /** Test accuracy, as the engine scores an epoch (numerics' {@code Evaluation}, which the engine calls). */
    double accuracy(SampleSet samples) {
        return Evaluation.accuracy(network, samples, samples.size());
    }

    /** SHA-256 of the raw bits of every weight and bias (the test kit's, which the checksum tests pin): equal only if every operation gave the same double. */
    String checksum() {
        return TestNetworks.sha256(network);
    }

    long parameterCount() {
        return network.parameterCount();
    }

    TrialSetup setup() {
        return setup;
    }
}

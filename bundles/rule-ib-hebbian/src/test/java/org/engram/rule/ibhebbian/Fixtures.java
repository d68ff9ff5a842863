package org.engram.rule.ibhebbian;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_31;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.param.Parameters;
import org.engram.memory.window.WindowMemory;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.ReferenceBackend;
import org.engram.testkit.TestTrialContext;

/** Networks, windows and parameters shared by the learner tests. */
final class Fixtures {
    private Fixtures() {
    }

    /**
     * The test kit's trial context as these tests' checksum pins were taken: generators derived as the rules' own
     * contexts once did ({@code LEGACY_31}), the real {@code window} memory.
     */
    static TestTrialContext context(long seed) {
        return new TestTrialContext(seed, LEGACY_31).withMemory(new WindowMemory(), Parameters.defaults(List.of()));
    }

    /** As {@link #context(long)}, with the test's own memory per task. */
    static TestTrialContext context(long seed, Function<MemoryTask, Memory> memory) {
        return new TestTrialContext(seed, LEGACY_31).withMemory(memory);
    }

    static Parameters parameters(Map<String, ?> given) {
        IbHebbianRule rule = new IbHebbianRule();
        return Parameters.resolve("rule 'ib-hebbian'", rule.parameters(), given);
    }

    /** ReLU+LayerNorm hidden layers and an identity (logit) output layer, LeCun-initialised from {@code seed}. */
    static FeedForwardNetwork network(long seed, int steps, int inputSize, int... sizes) {
        return network(new ReferenceBackend(), seed, steps, inputSize, sizes);
    }

    /** As {@link #network(long, int, int, int...)}, forwarding on {@code backend}. */
    static FeedForwardNetwork network(ComputeBackend backend, long seed, int steps, int inputSize, int... sizes) {
        NeuronLayer[] neurons = new NeuronLayer[sizes.length];
        for (int l = 0; l < sizes.length; l++) {
            neurons[l] = l == sizes.length - 1 ? new TestNeurons.Identity(sizes[l], steps)
                    : new TestNeurons.ReluLayerNorm(sizes[l], steps);
        }
        FeedForwardNetwork net = new FeedForwardNetwork(inputSize, neurons, backend, new SplittableRandom(seed));
        // small random biases so that the bias gradients are exercised away from zero
        SplittableRandom random = new SplittableRandom(seed + 1);
        for (int l = 0; l < net.layerCount(); l++) {
            double[] b = net.layer(l).bias();
            for (int i = 0; i < b.length; i++) {
                b[i] = 0.2 * (random.nextDouble() - 0.5);
            }
        }
        return net;
    }

    /** Pushes {@code count} random samples (inputs in [−1, 1], uniform labels). */
    static void pushRandom(SlidingWindow window, int count, SplittableRandom random, int epoch) {
        double[] x = new double[window.inputSize()];
        for (int s = 0; s < count; s++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = 2 * random.nextDouble() - 1;
            }
            window.push(x, random.nextInt(window.classes()), epoch);
        }
    }

    static double[][] snapshot(FeedForwardNetwork net) {
        double[][] s = new double[2 * net.layerCount()][];
        for (int l = 0; l < net.layerCount(); l++) {
            s[2 * l] = net.layer(l).weights().clone();
            s[2 * l + 1] = net.layer(l).bias().clone();
        }
        return s;
    }

    static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }
}

package org.engram.rule.backprop;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_31;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameters;
import org.engram.neuron.leaky.LeakyNeuron;
import org.engram.neuron.lif.LifNeuron;
import org.engram.neuron.rate.ReluLayerNormNeuron;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.testkit.TestNetworks;
import org.engram.testkit.TestSamples;
import org.engram.testkit.TestTrainer;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: back-propagation through time trains a network of spiking LIF units (leaky-integrator readout, the
 * spiking-mnist network scaled down) on a task the same network of rate units solves, and gets about as far.
 * The test kit's MNIST-like blobs: ten overlapping Gaussian blobs in 4 dimensions plus 60 inputs fixed at −1.
 */
class SpikingNetworkBpttTest {

    private static final int CLASSES = TestSamples.MNIST_LIKE_CLASSES;
    private static final int HIDDEN = 64;
    private static final int EPOCHS = 3;

    private static double trainAndTest(NeuronLayer... neurons) {
        TestTrialContext context = new TestTrialContext(6, LEGACY_31);
        FeedForwardNetwork network = new FeedForwardNetwork(TestSamples.MNIST_LIKE_INPUTS, neurons, context.backend(),
                new SplittableRandom(3));
        BackpropRule rule = new BackpropRule();
        TestTrainer.train(rule.create(network, Parameters.defaults(rule.parameters()), context), network,
                TestSamples.mnistLikeTrain(), EPOCHS, 7);
        return TestTrainer.accuracy(network, TestSamples.mnistLikeTest());
    }

    private static NeuronLayer layer(NeuronModel model, int size, Map<String, Object> given) {
        return model.create(size, Parameters.resolve("test", model.parameters(), given), new SplittableRandom(size));
    }

    @Test
    void lifNetworkLearnsWhatTheRateNetworkLearns() {
        ReluLayerNormNeuron rateModel = new ReluLayerNormNeuron();
        double rate = trainAndTest(layer(rateModel, HIDDEN, Map.of()), layer(rateModel, HIDDEN / 2, Map.of()),
                TestNetworks.linear(CLASSES));
        // the study's surrogate width for BPTT; the forward dynamics are the defaults
        Map<String, Object> lif = Map.of("beta", 0.5);
        double spiking = trainAndTest(layer(new LifNeuron(), HIDDEN, lif), layer(new LifNeuron(), HIDDEN / 2, lif),
                layer(new LeakyNeuron(), CLASSES, Map.of("activation", "NONE")));
        String result = String.format(Locale.ROOT, "test accuracy after %d epochs: rate %.3f, spiking LIF (BPTT) %.3f", EPOCHS,
                rate, spiking);
        System.out.println(result);
        assertTrue(rate >= 0.8, "the task is one a rate network solves: " + result);
        assertTrue(spiking >= rate - 0.05, "BPTT does not train the spiking network as far as the rate network: " + result);
    }
}

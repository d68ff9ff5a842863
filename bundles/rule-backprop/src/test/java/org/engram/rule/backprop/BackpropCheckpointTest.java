package org.engram.rule.backprop;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_31;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.param.Parameters;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.numerics.network.Initializers;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.Checkpoints;
import org.engram.testkit.ReferenceBackend;
import org.engram.testkit.TestNetworks;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A learner restored from its checkpoint, on a network holding the same weights, continues bit for bit. */
class BackpropCheckpointTest {

    private static FeedForwardNetwork network(FeedForwardNetwork weightsFrom) {
        NeuronLayer[] neurons = {TestNetworks.tanh(6), TestNetworks.linear(3)};
        FeedForwardNetwork net = new FeedForwardNetwork(4, neurons, new ReferenceBackend(), new SplittableRandom(1));
        if (weightsFrom != null) {
            for (int l = 0; l < net.layerCount(); l++) {
                System.arraycopy(weightsFrom.layer(l).weights(), 0, net.layer(l).weights(), 0, net.layer(l).weights().length);
                System.arraycopy(weightsFrom.layer(l).bias(), 0, net.layer(l).bias(), 0, net.layer(l).bias().length);
            }
        }
        return net;
    }

    private static BackpropLearner learner(FeedForwardNetwork net, String optimizer) {
        BackpropRule rule = new BackpropRule();
        Parameters p = Parameters.resolve("rule 'backprop'", rule.parameters(),
                Map.of("optimizer", optimizer, "batchSize", 4, "learningRate", 1e-2));
        return (BackpropLearner) rule.create(net, p, new TestTrialContext(3, LEGACY_31));
    }

    /** Random samples in minibatches of the learner's length. */
    private static void stream(BackpropLearner learner, SlidingWindow window, int batches, SplittableRandom random, int epoch) {
        double[] x = new double[4];
        for (int b = 0; b < batches; b++) {
            for (int s = 0; s < learner.windowLength(); s++) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = Initializers.gaussian(random);
                }
                window.push(x, random.nextInt(3), epoch);
            }
            learner.learn(window);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ADAMW", "MOMENTUM"})
    void aRestoredLearnerContinuesBitForBit(String optimizer) throws IOException {
        FeedForwardNetwork netA = network(null);
        BackpropLearner a = learner(netA, optimizer);
        SlidingWindow windowA = new SlidingWindow(4, 4, 3);
        stream(a, windowA, 30, new SplittableRandom(2), 1);
        byte[] state = Checkpoints.save(a);

        FeedForwardNetwork netB = network(netA);
        BackpropLearner b = learner(netB, optimizer);
        Checkpoints.restore(b, state, "the learner");
        FeedForwardNetwork netC = network(netA);
        BackpropLearner withoutState = learner(netC, optimizer);

        stream(a, windowA, 30, new SplittableRandom(4), 2);
        stream(b, new SlidingWindow(4, 4, 3), 30, new SplittableRandom(4), 2);
        stream(withoutState, new SlidingWindow(4, 4, 3), 30, new SplittableRandom(4), 2);
        for (int l = 0; l < netA.layerCount(); l++) {
            assertArrayEquals(netA.layer(l).weights(), netB.layer(l).weights(), "weights of layer " + l);
            assertArrayEquals(netA.layer(l).bias(), netB.layer(l).bias(), "biases of layer " + l);
        }
        assertNotEquals(netA.layer(0).weights()[0], netC.layer(0).weights()[0], "the optimizer state matters");
    }
}

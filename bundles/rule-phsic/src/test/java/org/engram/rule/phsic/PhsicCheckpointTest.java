package org.engram.rule.phsic;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_31;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A learner restored from its checkpoint, on a network holding the same weights, continues bit for bit: the
 * optimizers' moments and, in two-sample mode, the running kernel means come back.
 */
class PhsicCheckpointTest {

    private static FeedForwardNetwork network(long seed) {
        NeuronLayer[] neurons = {TestNetworks.tanh(6), TestNetworks.tanh(5), TestNetworks.linear(3)};
        return new FeedForwardNetwork(4, neurons, new ReferenceBackend(), new SplittableRandom(seed));
    }

    private static PhsicLearner learner(FeedForwardNetwork net, Map<String, ?> given) {
        PhsicRule rule = new PhsicRule();
        return (PhsicLearner) rule.create(net, Parameters.resolve("rule 'phsic'", rule.parameters(), given),
                new TestTrialContext(3, LEGACY_31));
    }

    /** {@code samples} random samples through the window, learning at every full window and every stride. */
    private static void stream(PhsicLearner learner, SlidingWindow window, int samples, SplittableRandom random, int epoch) {
        double[] x = new double[4];
        int since = 0;
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Initializers.gaussian(random);
            }
            window.push(x, random.nextInt(3), epoch);
            if (window.isFull() && since++ % learner.stride() == 0) {
                learner.learn(window);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"TWO_SAMPLE, ADAMW", "TWO_SAMPLE, MOMENTUM", "BATCH, ADAMW"})
    void aRestoredLearnerContinuesBitForBit(String mode, String optimizer) throws IOException {
        Map<String, Object> p = Map.of("mode", mode, "optimizer", optimizer, "learningRate", 1e-2, "batchSize", 5);
        FeedForwardNetwork netA = network(1);
        PhsicLearner a = learner(netA, p);
        SlidingWindow windowA = new SlidingWindow(a.windowLength(), 4, 3);
        stream(a, windowA, 80, new SplittableRandom(2), 1);
        byte[] state = Checkpoints.save(a);

        FeedForwardNetwork netB = copy(netA);
        PhsicLearner b = learner(netB, p);
        Checkpoints.restore(b, state, "the learner");
        SlidingWindow windowB = new SlidingWindow(b.windowLength(), 4, 3);
        windowB.resumeAfter(windowA.step());
        // the same weights without the learner's state: shows that the state matters
        FeedForwardNetwork netC = copy(netA);
        PhsicLearner c = learner(netC, p);
        SlidingWindow windowC = new SlidingWindow(c.windowLength(), 4, 3);
        windowA.clear();

        stream(a, windowA, 80, new SplittableRandom(4), 2);
        stream(b, windowB, 80, new SplittableRandom(4), 2);
        stream(c, windowC, 80, new SplittableRandom(4), 2);
        for (int l = 0; l < netA.layerCount(); l++) {
            assertArrayEquals(netA.layer(l).weights(), netB.layer(l).weights(), "weights of layer " + l);
            assertArrayEquals(netA.layer(l).bias(), netB.layer(l).bias(), "biases of layer " + l);
        }
        assertEquals(Double.doubleToRawLongBits(a.layerLoss(1)), Double.doubleToRawLongBits(b.layerLoss(1)));
        assertNotEquals(netA.layer(0).weights()[0], netC.layer(0).weights()[0], "a learner without the state differs");
    }

    private static FeedForwardNetwork copy(FeedForwardNetwork from) {
        FeedForwardNetwork to = network(1);
        for (int l = 0; l < to.layerCount(); l++) {
            System.arraycopy(from.layer(l).weights(), 0, to.layer(l).weights(), 0, to.layer(l).weights().length);
            System.arraycopy(from.layer(l).bias(), 0, to.layer(l).bias(), 0, to.layer(l).bias().length);
        }
        return to;
    }
}

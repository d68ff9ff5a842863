package org.engram.rule.ibhebbian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.Checkpointable;
import org.engram.api.rule.Learner;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.Checkpoints;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A learner restored from its checkpoint (on a network holding the checkpoint's weights) trains the next
 * epoch exactly as the learner that wrote it: same weights and HSIC metrics, bit for bit.
 */
class IbHebbianCheckpointTest {
    private static final int INPUT = 12;
    private static final int CLASSES = 4;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"RECOMPUTE, ADAMW", "STORED, ADAMW", "STORED, MOMENTUM", "RECOMPUTE, MOMENTUM"})
    void aRestoredLearnerContinuesBitForBit(String past, String optimizer) throws IOException {
        Map<String, Object> p = Map.of("window", 4, "pastActivity", past, "optimizer", optimizer, "learningRate", 1e-2);
        FeedForwardNetwork netA = Fixtures.network(5, 1, INPUT, 8, 6, CLASSES);
        TestTrialContext contextA = Fixtures.context(6);
        Learner a = new IbHebbianRule().create(netA, Fixtures.parameters(p), contextA);
        SlidingWindow windowA = new SlidingWindow(4, INPUT, CLASSES);
        epoch(a, windowA, 1, 60, new SplittableRandom(7));
        byte[] state = Checkpoints.save((Checkpointable) a);
        double[][] afterFirst = Fixtures.snapshot(netA);

        FeedForwardNetwork netB = Fixtures.network(99, 1, INPUT, 8, 6, CLASSES);
        for (int l = 0; l < netB.layerCount(); l++) {
            System.arraycopy(afterFirst[2 * l], 0, netB.layer(l).weights(), 0, afterFirst[2 * l].length);
            System.arraycopy(afterFirst[2 * l + 1], 0, netB.layer(l).bias(), 0, afterFirst[2 * l + 1].length);
        }
        TestTrialContext contextB = Fixtures.context(6);
        Learner b = new IbHebbianRule().create(netB, Fixtures.parameters(p), contextB);
        Checkpoints.restore((Checkpointable) b, state, "the learner");
        SlidingWindow windowB = new SlidingWindow(4, INPUT, CLASSES);
        windowB.resumeAfter(windowA.step());

        contextA.clearMetrics();
        windowA.clear();
        epoch(a, windowA, 2, 60, new SplittableRandom(8));
        epoch(b, windowB, 2, 60, new SplittableRandom(8));

        double[][] expected = Fixtures.snapshot(netA);
        double[][] actual = Fixtures.snapshot(netB);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], (i % 2 == 0 ? "weights" : "biases") + " of layer " + i / 2);
        }
        for (String metric : new String[] {"hsic_xz/0", "hsic_yz/0", "hsic_xz/1", "hsic_yz/1"}) {
            assertEquals(Double.doubleToRawLongBits(contextA.metricMean(metric)), Double.doubleToRawLongBits(contextB.metricMean(metric)), metric);
        }
    }

    @Test
    void aStateOfAnotherNetworkIsRefusedNamingTheArray() throws IOException {
        Map<String, Object> p = Map.of("window", 4);
        Learner small = new IbHebbianRule().create(Fixtures.network(5, 1, INPUT, 8, CLASSES), Fixtures.parameters(p),
                Fixtures.context(1));
        Learner wider = new IbHebbianRule().create(Fixtures.network(5, 1, INPUT, 9, CLASSES), Fixtures.parameters(p),
                Fixtures.context(1));
        Learner deeper = new IbHebbianRule().create(Fixtures.network(5, 1, INPUT, 8, 6, CLASSES), Fixtures.parameters(p),
                Fixtures.context(1));
        byte[] state = Checkpoints.save((Checkpointable) small);

        IOException e = assertThrows(IOException.class, () -> Checkpoints.restore((Checkpointable) wider, state, "learner"));
        assertEquals("the optimizer of layer 0 weights: AdamW first moments: the state holds 96 values, this trial has 108",
                e.getMessage());
        e = assertThrows(IOException.class, () -> Checkpoints.restore((Checkpointable) deeper, state, "learner"));
        assertTrue(e.getMessage().contains("a network of 2 layers, this one has 3"), e.getMessage());
    }

    /** Pushes {@code samples} random samples of one epoch from an emptied window, learning on every full one. */
    private static void epoch(Learner learner, SlidingWindow window, int epoch, int samples, SplittableRandom random) {
        for (int s = 0; s < samples; s++) {
            Fixtures.pushRandom(window, 1, random, epoch);
            if (window.isFull()) {
                learner.learn(window);
            }
        }
    }
}

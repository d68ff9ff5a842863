package org.engram.memory.lstm;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_1000003;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.param.Parameters;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.Checkpoints;
import org.engram.testkit.TestMemoryTasks;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.api.Test;

/**
 * An LSTM memory restored from its checkpoint into a fresh memory of the same trial continues bit for bit:
 * parameters, h and c, the stored BPTT steps, the optimizer and the target normalisation come back; a layer
 * whose LSTM did not exist yet is made at its first request as it would have been.
 */
class LstmCheckpointTest {

    private static final LstmMemory PLUGIN = new LstmMemory();
    private static final Map<String, Object> SMALL = Map.of("hiddenUnits", 7, "truncation", 4);

    private static LstmTrial create(Map<String, Object> given) {
        return (LstmTrial) PLUGIN.create(TestMemoryTasks.labelWeighted(3, 4, 3), Parameters.resolve("memory 'lstm'", PLUGIN.parameters(), given),
                new TestTrialContext(5, LEGACY_1000003));
    }

    /** Streams {@code count} samples, asking layer 0 each time and layer 1 only if {@code both}; returns the signals. */
    private static double[] stream(LstmTrial memory, SlidingWindow window, int count, SplittableRandom random, boolean both) {
        double[] signals = new double[count * 7];
        double[] x = new double[window.inputSize()];
        double[][] activity = {new double[3 * 4], new double[3 * 3]};
        double[][] out = {new double[4], new double[3]};
        int written = 0;
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextDouble(-1, 1);
            }
            window.push(x, random.nextInt(window.classes()), 1);
            for (double[] a : activity) {
                for (int j = 0; j < a.length; j++) {
                    a[j] = random.nextDouble();
                }
            }
            if (!window.isFull()) {
                continue;
            }
            for (int l = 0; l < (both ? 2 : 1); l++) {
                memory.signal(l, window, activity[l], out[l]);
                System.arraycopy(out[l], 0, signals, written, out[l].length);
                written += out[l].length;
            }
        }
        return signals;
    }

    @Test
    void aRestoredMemoryContinuesBitForBit() throws IOException {
        LstmTrial original = create(SMALL);
        SlidingWindow window = new SlidingWindow(3, 5, 2);
        // layer 1 is never asked before the checkpoint: its LSTM does not exist yet
        stream(original, window, 30, new SplittableRandom(1), false);
        byte[] state = Checkpoints.save(original);

        LstmTrial restored = create(SMALL);
        Checkpoints.restore(restored, state, "the LSTM memory");
        assertArrayEquals(original.network(0).parameters(), restored.network(0).parameters());
        assertNull(restored.network(1), "made at its first request, as in the uninterrupted trial");
        SlidingWindow resumed = new SlidingWindow(3, 5, 2);
        resumed.resumeAfter(window.step());
        window.clear();

        double[] expected = stream(original, window, 30, new SplittableRandom(2), true);
        double[] actual = stream(restored, resumed, 30, new SplittableRandom(2), true);
        assertArrayEquals(expected, actual);
        assertArrayEquals(original.network(1).parameters(), restored.network(1).parameters());
    }

    @Test
    void aStateOfAnotherShapeIsRefusedNamingTheLayer() throws IOException {
        LstmTrial original = create(SMALL);
        stream(original, new SlidingWindow(3, 5, 2), 10, new SplittableRandom(1), true);
        byte[] state = Checkpoints.save(original);

        IOException e = assertThrows(IOException.class,
                () -> Checkpoints.restore(create(Map.of("hiddenUnits", 8, "truncation", 4)), state, "the memory"));
        assertTrue(e.getMessage().startsWith("the LSTM of layer 0: the state is of an LSTM of 11 inputs, 7 cells, 4 outputs "
                + "and 4 BPTT steps, this one has 11, 8, 4 and 4"), e.getMessage());
    }
}

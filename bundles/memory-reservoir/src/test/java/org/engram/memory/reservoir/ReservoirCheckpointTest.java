package org.engram.memory.reservoir;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_1000003;
import org.engram.testkit.ReferenceBackend;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.Parameters;
import org.engram.compute.java.JavaComputeBackend;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.Checkpoints;
import org.engram.testkit.TestMemoryTasks;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A reservoir memory restored from its checkpoint into a fresh memory of the same trial continues bit for bit:
 * readout, state, running means, learning time, counts and the noise generator come back, and the fixed random
 * matrices are redrawn from the seed.
 */
class ReservoirCheckpointTest {

    private static final ReservoirMemory PLUGIN = new ReservoirMemory();
    private static final Map<String, Object> NOISY = Map.of("units", 30, "steps", 4, "hiddenNoise", 0.02,
            "outputNoise", 0.02, "readout", "RMHEBB", "pretrainSamples", 50);

    private static ReservoirTrial create(Map<String, Object> given) {
        return create(given, new ReferenceBackend());
    }

    private static ReservoirTrial create(Map<String, Object> given, ComputeBackend backend) {
        return (ReservoirTrial) PLUGIN.create(TestMemoryTasks.labelWeighted(3, 5, 4),
                Parameters.resolve("memory 'reservoir'", PLUGIN.parameters(), given), new TestTrialContext(9, LEGACY_1000003).withBackend(backend));
    }

    /** Streams {@code count} samples; returns every signal of both layers, in order. */
    private static double[] stream(ReservoirTrial memory, SlidingWindow window, int count, SplittableRandom random) {
        double[] signals = new double[count * 9];
        double[] x = new double[window.inputSize()];
        double[][] activity = {new double[3 * 5], new double[3 * 4]};
        double[][] out = {new double[5], new double[4]};
        int written = 0;
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextDouble(-1, 1);
            }
            window.push(x, random.nextInt(window.classes()), 1);
            for (int l = 0; l < 2; l++) {
                for (int j = 0; j < activity[l].length; j++) {
                    activity[l][j] = random.nextDouble(-1, 1);
                }
            }
            if (!window.isFull()) {
                continue;
            }
            for (int l = 0; l < 2; l++) {
                memory.signal(l, window, activity[l], out[l]);
                System.arraycopy(out[l], 0, signals, written, out[l].length);
                written += out[l].length;
            }
        }
        return signals;
    }

    /** On the test loops, and on the Java backend, whose resident W_rec (sparse rows) a restore must rebuild alike. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"loop", "java"})
    void aRestoredMemoryContinuesBitForBit(String backendName) throws IOException {
        ComputeBackend backend = backendName.equals("java") ? new JavaComputeBackend() : new ReferenceBackend();
        ReservoirTrial original = create(NOISY, backend);
        SlidingWindow window = new SlidingWindow(3, 6, 3);
        stream(original, window, 40, new SplittableRandom(1));
        byte[] state = Checkpoints.save(original);

        ReservoirTrial restored = create(NOISY, backend);
        Checkpoints.restore(restored, state, "the reservoir memory");
        // the original has handed its W_in to the backend; a fresh memory draws the same one
        Reservoir fresh = create(NOISY).reservoir(0);
        fresh.ensureInput(restored.reservoir(0).inputs());
        assertArrayEquals(fresh.inputWeights(), restored.reservoir(0).inputWeights(), "W_in is redrawn from its own stream");
        SlidingWindow resumed = new SlidingWindow(3, 6, 3);
        resumed.resumeAfter(window.step());
        window.clear();

        // 40 more samples cross the end of the 50-sample pre-training phase
        double[] expected = stream(original, window, 40, new SplittableRandom(2));
        double[] actual = stream(restored, resumed, 40, new SplittableRandom(2));
        assertArrayEquals(expected, actual);
        assertEquals(original.reservoir(1).learningSteps(), restored.reservoir(1).learningSteps());
        assertArrayEquals(original.reservoir(1).readoutWeights(), restored.reservoir(1).readoutWeights());
    }

    @Test
    void aMemoryCheckpointedBeforeItsFirstRequestDrawsItsInputWeightsLater() throws IOException {
        ReservoirTrial original = create(NOISY);
        byte[] state = Checkpoints.save(original);
        ReservoirTrial restored = create(NOISY);
        Checkpoints.restore(restored, state, "the reservoir memory");
        assertNull(restored.reservoir(0).inputWeights());

        double[] expected = stream(original, new SlidingWindow(3, 6, 3), 20, new SplittableRandom(3));
        double[] actual = stream(restored, new SlidingWindow(3, 6, 3), 20, new SplittableRandom(3));
        assertArrayEquals(expected, actual);
    }

    @Test
    void aStateOfAnotherSizeIsRefusedNamingTheLayer() throws IOException {
        byte[] state = Checkpoints.save(create(NOISY));
        Map<String, Object> wider = new java.util.HashMap<>(NOISY);
        wider.put("units", 31);
        IOException e = assertThrows(IOException.class, () -> Checkpoints.restore(create(wider), state, "the memory"));
        assertTrue(e.getMessage().contains("the reservoir of layer 0: the state is of a reservoir of 30 units and 5 outputs, "
                + "this one has 31 and 5"), e.getMessage());
    }
}

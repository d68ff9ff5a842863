package org.engram.memory.reservoir;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_1000003;
import org.engram.testkit.ArrayOperationsOnly;
import org.engram.api.memory.MemoryTask;
import org.engram.testkit.TestMemoryTasks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.Parameters;
import org.engram.compute.java.JavaComputeBackend;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reservoir on the real Java backend, whose resident W_rec is sparse rows at the default connectivity and
 * dense at the released code's 0.9: its signals are those of the array path (every gemv given the whole matrix,
 * as before resident matrices) bit for bit, so runs on this backend are unchanged.
 */
class ReservoirBackendsTest {

    private static final ReservoirMemory PLUGIN = new ReservoirMemory();

    /** Every signal of 25 requests on random samples and activities (LMS, both noises, 300 units). */
    private static double[] signals(ComputeBackend backend, double connectivity) {
        return signals(backend, connectivity, 300);
    }

    private static double[] signals(ComputeBackend backend, double connectivity, int units) {
        MemoryTask task = TestMemoryTasks.frontiersExperiment(3, 6);
        Parameters parameters = Parameters.resolve("memory 'reservoir'", PLUGIN.parameters(), Map.of("units", units,
                "connectivity", connectivity, "steps", 10, "hiddenNoise", 0.01, "outputNoise", 0.01));
        ReservoirTrial memory = (ReservoirTrial) PLUGIN.create(task, parameters, new TestTrialContext(17, LEGACY_1000003).withBackend(backend));
        SplittableRandom random = new SplittableRandom(4);
        SlidingWindow window = new SlidingWindow(3, 20, 4);
        double[] signals = new double[25 * 6];
        double[] out = new double[6];
        for (int request = 0; request < 25 + 2; request++) {
            window.push(random.doubles(20, -1, 1).toArray(), random.nextInt(4), 1);
            double[] activity = random.doubles(3 * 6, 0, 1).toArray();
            if (!window.isFull()) {
                continue;
            }
            memory.signal(0, window, activity, out);
            System.arraycopy(out, 0, signals, (request - 2) * 6, 6);
        }
        return signals;
    }

    @ParameterizedTest(name = "connectivity {0}")
    @ValueSource(doubles = {0.1, 0.9})
    void theResidentStepOnTheJavaBackendIsTheArrayStepBitForBit(double connectivity) {
        double[] resident = signals(new JavaComputeBackend(), connectivity);
        double[] arrays = signals(new ArrayOperationsOnly(new JavaComputeBackend()), connectivity);
        assertTrue(resident[resident.length - 1] != 0.0, "the readout learned something");
        assertArrayEquals(arrays, resident);
    }

    /**
     * On a trial's view with two threads the Java backend splits W_rec r by rows (1200 units at 0.1 make some
     * 144 000 nonzeros, enough to split): the signals are the one-thread ones bit for bit.
     */
    @Test
    void twoThreadsGiveTheOneThreadSignalsBitForBit() {
        JavaComputeBackend java = new JavaComputeBackend();
        ComputeBackend twoThreads = java.forTrial(Parameters.resolve("backend 'java'", java.parameters(), Map.of("threads", 2)), 2);
        try {
            double[] one = signals(java, 0.1, 1200);
            double[] two = signals(twoThreads, 0.1, 1200);
            assertTrue(one[one.length - 1] != 0.0, "the readout learned something");
            assertArrayEquals(one, two);
        } finally {
            twoThreads.close();
        }
    }
}

package org.engram.memory.lstm;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_1000003;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Window;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.Allocations;
import org.engram.testkit.TestMemoryTasks;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.api.Test;

class LstmMemoryTest {
    private static final LstmMemory PLUGIN = new LstmMemory();
    private static final int INPUTS = 5;
    private static final int CLASSES = 2;

    private static LstmTrial create(MemoryTask task, TestTrialContext context, Map<String, Object> given) {
        return (LstmTrial) PLUGIN.create(task, Parameters.resolve("memory 'lstm'", PLUGIN.parameters(), given), context);
    }

    /** A stream of fresh random samples: inputs U(−1, 1), labels uniform, activity U[0, 1). */
    private static final class Stream {
        final SlidingWindow window;
        final double[] activity;
        final int size;
        final SplittableRandom random;

        Stream(int length, int size, long seed) {
            this.window = new SlidingWindow(length, INPUTS, CLASSES);
            this.activity = new double[length * size];
            this.size = size;
            this.random = new SplittableRandom(seed);
            for (int i = 0; i < length; i++) {
                next();
            }
        }

        void next() {
            double[] x = new double[INPUTS];
            for (int j = 0; j < INPUTS; j++) {
                x[j] = random.nextDouble(-1, 1);
            }
            window.push(x, random.nextInt(CLASSES), 1);
            System.arraycopy(activity, size, activity, 0, activity.length - size);
            for (int k = 0; k < size; k++) {
                activity[activity.length - size + k] = random.nextDouble();
            }
        }
    }

    /** One layer of 3, four samples a window; the exact signal the current activity scaled by 0.1; counts its requests. */
    private static TestMemoryTasks.Counted countingTask() {
        return TestMemoryTasks.counted(TestMemoryTasks.scaledCurrent(4, 3));
    }

    @Test
    void parametersDefaultToASixtyFourCellLstmTrainedThroughTheWindowWithAdamW() {
        Map<String, Object> defaults = Parameters.defaults(PLUGIN.parameters()).asMap();
        assertEquals(64L, defaults.get("hiddenUnits"));
        assertEquals(0L, defaults.get("truncation"));
        assertEquals(true, defaults.get("normalizeTarget"));
        assertEquals(0L, defaults.get("matchReservoirUnits"));
        assertEquals("ADAMW", defaults.get("optimizer"));
        assertEquals(1e-3, defaults.get("learningRate"));
        for (ParameterDescriptor d : PLUGIN.parameters()) {
            assertFalse(d.description().isBlank(), d.name());
        }
        assertTrue(PLUGIN.description().contains("LSTM"));
    }

    @Test
    void learnsToRecallTheActivityOfTwoSamplesAgo() {
        assertRecallsTwoSamplesBack(1.0);
    }

    /** ξ is about 1e-3 in the paper's setting; the running RMS normalisation makes the scale irrelevant to AdamW. */
    @Test
    void learnsASignalAThousandTimesSmallerJustAsWell() {
        assertRecallsTwoSamplesBack(1e-3);
    }

    private static void assertRecallsTwoSamplesBack(double scale) {
        int size = 3;
        MemoryTask delay = TestMemoryTasks.delay(2, size);
        MemoryTask task = new MemoryTask() {
            @Override
            public int layers() {
                return 1;
            }

            @Override
            public int signalSize(int layer) {
                return size;
            }

            @Override
            public int windowLength() {
                return delay.windowLength();
            }

            @Override
            public void exactSignal(int layer, Window window, double[] activity, double[] out) {
                delay.exactSignal(layer, window, activity, out);
                for (int k = 0; k < size; k++) {
                    out[k] *= scale;
                }
            }
        };
        TestTrialContext context = new TestTrialContext(7, LEGACY_1000003);
        LstmTrial memory = create(task, context, Map.of("hiddenUnits", 24, "learningRate", 3e-3));
        Stream stream = new Stream(task.windowLength(), size, 1);
        double[] out = new double[size];
        for (int i = 0; i < 6000; i++) {
            stream.next();
            memory.signal(0, stream.window, stream.activity, out);
        }
        memory.setLearning(false);
        double error = 0.0;
        double variance = 0.0;
        double[] target = new double[size];
        for (int i = 0; i < 1000; i++) {
            stream.next();
            memory.signal(0, stream.window, stream.activity, out);
            task.exactSignal(0, stream.window, stream.activity, target);
            for (int k = 0; k < size; k++) {
                error += (out[k] - target[k]) * (out[k] - target[k]);
                variance += (target[k] - 0.5 * scale) * (target[k] - 0.5 * scale); // U[0, 1)·scale: mean scale/2
            }
        }
        double nmse = error / variance;
        assertTrue(nmse < 0.1, "frozen NMSE recalling two samples back: " + nmse);
    }

    @Test
    void truncationDefaultsToTheWindowLength() {
        TestMemoryTasks.Counted task = countingTask();
        LstmTrial memory = create(task, new TestTrialContext(1, LEGACY_1000003), Map.of("hiddenUnits", 4));
        Stream stream = new Stream(4, 3, 2);
        memory.signal(0, stream.window, stream.activity, new double[3]);
        assertEquals(4, memory.network(0).truncation());
        // s = [x_N; y_N; z_N]
        assertEquals(INPUTS + CLASSES + 3, memory.network(0).inputs());
        LstmTrial explicit = create(task, new TestTrialContext(1, LEGACY_1000003), Map.of("hiddenUnits", 4, "truncation", 2));
        explicit.signal(0, stream.window, stream.activity, new double[3]);
        assertEquals(2, explicit.network(0).truncation());
    }

    @Test
    void matchReservoirUnitsPicksTheHiddenSizeOfEqualParameterCount() {
        TestMemoryTasks.Counted task = countingTask();
        LstmTrial memory = create(task, new TestTrialContext(1, LEGACY_1000003), Map.of("matchReservoirUnits", 300, "matchConnectivity", 0.1));
        Stream stream = new Stream(4, 3, 2);
        memory.signal(0, stream.window, stream.activity, new double[3]);
        int m = INPUTS + CLASSES + 3;
        long reservoir = ParameterCount.reservoir(300, m, 3, 0.1);
        Lstm lstm = memory.network(0);
        assertEquals(ParameterCount.matchingHiddenUnits(reservoir, m, 3), lstm.hidden());
        long below = ParameterCount.lstm(m, lstm.hidden() - 1, 3);
        long above = ParameterCount.lstm(m, lstm.hidden() + 1, 3);
        long gap = Math.abs(lstm.parameters().length - reservoir);
        assertTrue(gap <= Math.abs(below - reservoir) && gap <= Math.abs(above - reservoir));
    }

    @Test
    void teacherForcedAnswersTheExactSignalWhileLearningAndItsOwnPredictionOnceFrozen() {
        TestMemoryTasks.Counted task = countingTask();
        LstmTrial forced = create(task, new TestTrialContext(1, LEGACY_1000003), Map.of("hiddenUnits", 6, "teacherForced", true));
        LstmTrial plain = create(countingTask(), new TestTrialContext(1, LEGACY_1000003), Map.of("hiddenUnits", 6));
        Stream a = new Stream(4, 3, 3);
        Stream b = new Stream(4, 3, 3);
        double[] out = new double[3];
        double[] own = new double[3];
        double[] exact = new double[3];
        for (int i = 0; i < 20; i++) {
            forced.signal(0, a.window, a.activity, out);
            plain.signal(0, b.window, b.activity, own);
            task.exactSignal(0, a.window, a.activity, exact);
            assertArrayEquals(exact, out, 0.0, "sample " + i);
            a.next();
            b.next();
        }
        // it learned exactly as the plain memory did: frozen, both answer the same prediction, and no ξ*
        forced.setLearning(false);
        plain.setLearning(false);
        int calls = task.calls();
        forced.signal(0, a.window, a.activity, out);
        plain.signal(0, b.window, b.activity, own);
        assertArrayEquals(own, out, 0.0);
        assertEquals(calls, task.calls());
    }

    @Test
    void learningOffComputesNoTargetAndLeavesTheParametersAlone() {
        TestMemoryTasks.Counted task = countingTask();
        LstmTrial memory = create(task, new TestTrialContext(1, LEGACY_1000003), Map.of("hiddenUnits", 6));
        Stream stream = new Stream(4, 3, 3);
        memory.signal(0, stream.window, stream.activity, new double[3]);
        assertEquals(1, task.calls());
        double[] parameters = memory.network(0).parameters().clone();
        memory.setLearning(false);
        for (int i = 0; i < 5; i++) {
            stream.next();
            memory.signal(0, stream.window, stream.activity, new double[3]);
        }
        assertEquals(1, task.calls());
        assertArrayEquals(parameters, memory.network(0).parameters(), 0.0);
        memory.setLearning(true);
        SlidingWindow shorter = new SlidingWindow(3, INPUTS, CLASSES);
        assertThrows(IllegalArgumentException.class, () -> memory.signal(0, shorter, new double[9], new double[3]));
    }

    @Test
    void theMemorySeesOnlyTheCurrentRow() {
        TestMemoryTasks.Counted task = countingTask();
        LstmTrial a = create(task, new TestTrialContext(5, LEGACY_1000003), Map.of("hiddenUnits", 8));
        LstmTrial b = create(task, new TestTrialContext(5, LEGACY_1000003), Map.of("hiddenUnits", 8));
        a.setLearning(false);
        b.setLearning(false);
        Stream sa = new Stream(4, 3, 10);
        Stream sb = new Stream(4, 3, 11);
        double[] current = new double[INPUTS];
        System.arraycopy(sa.window.inputs(), 3 * INPUTS, current, 0, INPUTS);
        sb.window.push(current, sa.window.labels()[3], 1);
        System.arraycopy(sa.activity, 9, sb.activity, 9, 3);
        double[] oa = new double[3];
        double[] ob = new double[3];
        a.signal(0, sa.window, sa.activity, oa);
        b.signal(0, sb.window, sb.activity, ob);
        assertArrayEquals(oa, ob, 0.0);
        assertNotEquals(0.0, oa[0]);
    }

    @Test
    void aSeededMemoryIsBitIdenticalRunToRun() {
        double[][] outputs = new double[2][];
        for (int run = 0; run < 2; run++) {
            LstmTrial memory = create(TestMemoryTasks.delay(2, 3), new TestTrialContext(13, LEGACY_1000003), Map.of("hiddenUnits", 10));
            Stream stream = new Stream(3, 3, 4);
            double[] out = new double[3];
            for (int i = 0; i < 50; i++) {
                stream.next();
                memory.signal(0, stream.window, stream.activity, out);
            }
            outputs[run] = out.clone();
        }
        assertArrayEquals(outputs[0], outputs[1], 0.0);
    }

    @Test
    void signalAllocatesNothingOnceWarmedUp() {
        TestTrialContext context = new TestTrialContext(3, LEGACY_1000003);
        LstmTrial memory = create(TestMemoryTasks.delay(2, 3), context, Map.of("hiddenUnits", 12));
        Stream stream = new Stream(3, 3, 4);
        double[] out = new double[3];
        long allocated = Allocations.allocatedBy(20_000, 2_000, () -> memory.signal(0, stream.window, stream.activity, out));
        assertTrue(allocated < 1_000, "allocated " + allocated + " bytes in 2000 requests");
        assertEquals(22_000, context.metricCount("memory_error/0"));
    }
}

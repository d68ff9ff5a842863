package org.engram.memory.reservoir;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_1000003;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.Allocations;
import org.engram.testkit.SignalStream;
import org.engram.testkit.TestMemoryTasks;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.api.Test;

class ReservoirMemoryTest {

    private static final ReservoirMemory PLUGIN = new ReservoirMemory();

    private static ReservoirTrial create(MemoryTask task, TestTrialContext context, Map<String, Object> given) {
        return (ReservoirTrial) PLUGIN.create(task, Parameters.resolve("memory 'reservoir'", PLUGIN.parameters(), given), context);
    }

    /** A window over random samples of 6 inputs and 3 classes, pushed {@code pushes} times. */
    private static SlidingWindow window(int length, int pushes, SplittableRandom random) {
        SlidingWindow w = new SlidingWindow(length, 6, 3);
        for (int i = 0; i < pushes; i++) {
            push(w, random);
        }
        return w;
    }

    private static void push(SlidingWindow w, SplittableRandom random) {
        double[] x = new double[w.inputSize()];
        for (int j = 0; j < x.length; j++) {
            x[j] = random.nextDouble(-1, 1);
        }
        w.push(x, random.nextInt(w.classes()), 1);
    }

    private static double[] randomActivity(int rows, int size, SplittableRandom random) {
        return SignalStream.Samples.randomActivity(rows, size, random);
    }

    /** Three samples a window; each layer's exact signal the current activity scaled by 0.1; counts its requests. */
    private static TestMemoryTasks.Counted countingTask(int... sizes) {
        return TestMemoryTasks.counted(TestMemoryTasks.scaledCurrent(3, sizes));
    }

    @Test
    void parametersDefaultToThePapersReservoirWithTheIntendedConnectivity() {
        Map<String, Object> defaults = Parameters.defaults(PLUGIN.parameters()).asMap();
        assertEquals(2000L, defaults.get("units"));
        assertEquals(5e-3, defaults.get("tau"));
        assertEquals(1e-3, defaults.get("dt"));
        assertEquals(1.2, defaults.get("gain"));
        assertEquals(0.1, defaults.get("connectivity"));
        assertEquals(0.0, defaults.get("hiddenNoise"));
        assertEquals(0.0, defaults.get("outputNoise"));
        assertEquals(20L, defaults.get("steps"));
        assertEquals(1L, defaults.get("averageSteps"));
        assertEquals("LMS", defaults.get("readout"));
        assertEquals(5e-4, defaults.get("readoutRate"));
        assertEquals(1e-4, defaults.get("hebbianRate"));
        assertEquals(0L, defaults.get("pretrainSamples"));
        for (ParameterDescriptor d : PLUGIN.parameters()) {
            assertFalse(d.description().isBlank(), d.name());
        }
        assertTrue(PLUGIN.description().contains("reservoir"));
    }

    @Test
    void inconsistentSettingsAreRejected() {
        TestMemoryTasks.Counted task = countingTask(2);
        assertThrows(IllegalArgumentException.class, () -> create(task, new TestTrialContext(1, LEGACY_1000003), Map.of("steps", 5, "averageSteps", 6)));
        assertThrows(IllegalArgumentException.class, () -> create(task, new TestTrialContext(1, LEGACY_1000003), Map.of("dt", 0.01)));
    }

    @Test
    void eachLayerGetsItsOwnReservoirSizedToItsSignal() {
        TestMemoryTasks.Counted task = countingTask(2, 4);
        ReservoirTrial memory = create(task, new TestTrialContext(1, LEGACY_1000003), Map.of("units", 30));
        assertEquals(2, memory.reservoir(0).outputs());
        assertEquals(4, memory.reservoir(1).outputs());
        assertNotEquals(memory.reservoir(0).feedbackWeights()[0], memory.reservoir(1).feedbackWeights()[0]);
        SplittableRandom random = new SplittableRandom(2);
        SlidingWindow w = window(3, 3, random);
        memory.signal(1, w, randomActivity(3, 4, random), new double[4]);
        // s = [x_N; y_N; z_N]: 6 inputs + 3 classes + the layer's 4 units
        assertEquals(13, memory.reservoir(1).inputs());
        assertEquals(20, memory.reservoir(1).learningSteps());
        assertEquals(0, memory.reservoir(0).learningSteps());
    }

    @Test
    void theReservoirSeesOnlyTheCurrentRow() {
        TestMemoryTasks.Counted task = countingTask(3);
        ReservoirTrial a = create(task, new TestTrialContext(5, LEGACY_1000003), Map.of("units", 40));
        ReservoirTrial b = create(task, new TestTrialContext(5, LEGACY_1000003), Map.of("units", 40));
        a.setLearning(false);
        b.setLearning(false);
        SplittableRandom random = new SplittableRandom(3);
        SlidingWindow wa = window(3, 3, random);
        double[] za = randomActivity(3, 3, random);
        SlidingWindow wb = window(3, 2, new SplittableRandom(99)); // other past rows
        double[] zb = randomActivity(3, 3, new SplittableRandom(98));
        // same current row: last input, label and activity
        double[] current = new double[6];
        System.arraycopy(wa.inputs(), 2 * 6, current, 0, 6);
        wb.push(current, wa.labels()[2], 1);
        System.arraycopy(za, 6, zb, 6, 3);
        double[] oa = new double[3];
        double[] ob = new double[3];
        // a nonzero readout, so the output shows the state
        double[] readout = a.reservoir(0).readoutWeights();
        readout[0] = 0.5;
        a.reservoir(0).setReadoutWeights(readout);
        b.reservoir(0).setReadoutWeights(readout);
        a.signal(0, wa, za, oa);
        b.signal(0, wb, zb, ob);
        assertArrayEquals(oa, ob, 0.0);
        assertArrayEquals(a.reservoir(0).state(), b.reservoir(0).state(), 0.0);
        assertNotEquals(0.0, oa[0]);
    }

    @Test
    void learningOffComputesNoTargetAndLeavesTheReadoutAlone() {
        TestMemoryTasks.Counted task = countingTask(3);
        ReservoirTrial memory = create(task, new TestTrialContext(1, LEGACY_1000003), Map.of("units", 50));
        SplittableRandom random = new SplittableRandom(4);
        SlidingWindow w = window(3, 3, random);
        memory.signal(0, w, randomActivity(3, 3, random), new double[3]);
        assertEquals(1, task.calls());
        double[] readout = memory.reservoir(0).readoutWeights().clone();
        memory.setLearning(false);
        for (int i = 0; i < 5; i++) {
            push(w, random);
            memory.signal(0, w, randomActivity(3, 3, random), new double[3]);
        }
        assertEquals(1, task.calls());
        assertArrayEquals(readout, memory.reservoir(0).readoutWeights(), 0.0);
        // a window shorter than the task's is fine without learning (nothing exact is computed) ...
        memory.signal(0, window(2, 2, random), randomActivity(2, 3, random), new double[3]);
        // ... and refused with it
        memory.setLearning(true);
        assertThrows(IllegalArgumentException.class,
                () -> memory.signal(0, window(2, 2, random), randomActivity(2, 3, random), new double[3]));
    }

    @Test
    void pretrainingReturnsTheExactSignalWhileTheReadoutLearnsThenTheReservoirsOwn() {
        TestMemoryTasks.Counted task = countingTask(2);
        ReservoirTrial memory = create(task, new TestTrialContext(1, LEGACY_1000003), Map.of("units", 40, "pretrainSamples", 3));
        SplittableRandom random = new SplittableRandom(6);
        SlidingWindow w = window(3, 3, random);
        double[] out = new double[2];
        double[] exact = new double[2];
        for (int sample = 0; sample < 3; sample++) {
            double[] z = randomActivity(3, 2, random);
            task.exactSignal(0, w, z, exact);
            // two requests per sample, as a network with several time steps per sample makes: one sample counted
            for (int repeat = 0; repeat < 2; repeat++) {
                memory.signal(0, w, z, out);
                assertArrayEquals(exact, out, 0.0, "sample " + sample);
            }
            push(w, random);
        }
        assertEquals(6 * 20, memory.reservoir(0).learningSteps(), "the readout learned throughout");
        double[] z = randomActivity(3, 2, random);
        task.exactSignal(0, w, z, exact);
        memory.signal(0, w, z, out);
        assertArrayEquals(memory.reservoir(0).output(), out, 0.0);
        assertNotEquals(exact[0], out[0]);
    }

    @Test
    void theSignalIsTheMeanReadoutOverTheLastAveragedSteps() {
        TestMemoryTasks.Counted task = countingTask(2);
        ReservoirTrial memory = create(task, new TestTrialContext(8, LEGACY_1000003), Map.of("units", 30, "steps", 5, "averageSteps", 3));
        Reservoir twin = create(task, new TestTrialContext(8, LEGACY_1000003), Map.of("units", 30)).reservoir(0);
        SplittableRandom random = new SplittableRandom(1);
        SlidingWindow w = window(3, 3, random);
        double[] z = randomActivity(3, 2, random);
        double[] out = new double[2];
        memory.signal(0, w, z, out);
        double[] s = new double[6 + 3 + 2];
        System.arraycopy(w.inputs(), 12, s, 0, 6);
        System.arraycopy(w.targets(), 6, s, 6, 3);
        System.arraycopy(z, 4, s, 9, 2);
        twin.ensureInput(s.length);
        twin.present(s);
        double[] target = new double[2];
        task.exactSignal(0, w, z, target);
        double[] mean = new double[2];
        for (int t = 0; t < 5; t++) {
            twin.step(target);
            if (t >= 2) {
                mean[0] += twin.output()[0] / 3;
                mean[1] += twin.output()[1] / 3;
            }
        }
        assertArrayEquals(mean, out, 1e-15);
    }

    @Test
    void aSeededMemoryIsBitIdenticalRunToRun() {
        double[][] outputs = new double[2][];
        for (int run = 0; run < 2; run++) {
            TestMemoryTasks.Counted task = countingTask(3);
            ReservoirTrial memory = create(task, new TestTrialContext(21, LEGACY_1000003),
                    Map.of("units", 60, "hiddenNoise", 0.01, "outputNoise", 0.05));
            SplittableRandom random = new SplittableRandom(5);
            SlidingWindow w = window(3, 3, random);
            double[] out = new double[3];
            for (int i = 0; i < 30; i++) {
                push(w, random);
                memory.signal(0, w, randomActivity(3, 3, random), out);
            }
            outputs[run] = out.clone();
            assertTrue(memory.reservoir(0).readoutWeights()[0] != 0.0);
        }
        assertArrayEquals(outputs[0], outputs[1], 0.0);
    }

    @Test
    void signalAllocatesNothingOnceWarmedUp() {
        MemoryTask task = TestMemoryTasks.frontiersExperiment(4, 5);
        TestTrialContext context = new TestTrialContext(3, LEGACY_1000003);
        ReservoirTrial memory = create(task, context, Map.of("units", 50, "steps", 5, "outputNoise", 0.01, "hiddenNoise", 0.01));
        ReservoirTrial hebbian = create(task, context, Map.of("units", 50, "steps", 5, "readout", "RMHEBB", "outputNoise", 0.01));
        SplittableRandom random = new SplittableRandom(9);
        SlidingWindow w = window(4, 4, random);
        double[] z = randomActivity(4, 5, random);
        double[] out = new double[5];
        long allocated = Allocations.allocatedBy(20_000, 2_000, () -> {
            memory.signal(0, w, z, out);
            hebbian.signal(0, w, z, out);
        });
        assertTrue(allocated < 1_000, "allocated " + allocated + " bytes in 4000 requests");
        assertEquals(2 * 22_000, context.metricCount("memory_error/0"), "one error report per learning request");
    }

    /**
     * Spec §3.4 in small: MNIST-sized random inputs, one-hot labels, random z ~ U[0,1)^10, ξ of variant F with
     * γ 2 and σ 0.5, 20 steps per sample, LMS at the paper's rate. The signal returned while learning tracks ξ*
     * (the paper's heatmaps); the frozen readout is scored too, and does not generalise across windows (see README).
     */
    @Test
    void lmsReadoutTracksTheModulatorySignalOnTheFrontiersReservoirExperimentInSmall() {
        SignalStream.Samples samples = SignalStream.Samples.random(100, 784, 10, 10, new SplittableRandom(42));
        MemoryTask task = TestMemoryTasks.frontiersExperiment(6, 10);
        TestTrialContext context = new TestTrialContext(42, LEGACY_1000003);
        Memory memory = create(task, context, Map.of("units", 300));
        SignalStream.Result result = SignalStream.run(memory, task, samples, 6, 1, new SplittableRandom(1));
        double[] tracking = result.trainNmse();
        assertTrue(tracking[tracking.length - 1] < 0.5, "tracking NMSE " + tracking[tracking.length - 1]);
        assertTrue(result.evalNmse() > 0.0 && Double.isFinite(result.evalNmse()));
        // the engine's epoch means of the reported metrics say the same as the scores
        assertTrue(context.metricMean("memory_error/0") < 0.5 * context.metricMean("memory_target/0"));
    }

    /**
     * The reservoir is a fading memory: after streaming random samples, the best linear readout of its rates
     * recovers the previous sample's activity, which no readout of the current sample alone can (the samples are
     * independent). Small inputs, so that the current sample's drive does not drown the past.
     */
    @Test
    void theRatesHoldThePreviousSampleWhichTheCurrentSampleCannotGive() {
        int size = 3;
        SignalStream.Samples samples = SignalStream.Samples.random(100, 5, 2, size, new SplittableRandom(1));
        MemoryTask task = TestMemoryTasks.delay(1, size);
        ReservoirTrial memory = create(task, new TestTrialContext(3, LEGACY_1000003), Map.of("units", 200, "readoutRate", 1e-5));
        List<double[]> rates = new ArrayList<>();
        List<double[]> current = new ArrayList<>();
        List<double[]> targets = new ArrayList<>();
        int[] train = new int[1];
        SignalStream.run(memory, task, samples, 10, 2, new SplittableRandom(2), (training, w, activity, output, target) -> {
            rates.add(memory.reservoir(0).rates().clone());
            double[] s = new double[5 + size];
            System.arraycopy(w.inputs(), (w.length() - 1) * 5, s, 0, 5);
            System.arraycopy(activity, (w.length() - 1) * size, s, 5, size);
            current.add(s);
            targets.add(target.clone());
            train[0] += training ? 1 : 0;
        });
        int rows = targets.size();
        double[] y = flatten(targets, size);
        double fromRates = RidgeReadout.heldOutNmse(flatten(rates, 200), y, rows, 200, size, train[0]);
        double fromCurrent = RidgeReadout.heldOutNmse(flatten(current, 5 + size), y, rows, 5 + size, size, train[0]);
        assertTrue(fromRates < 0.75, "ridge NMSE from the rates " + fromRates);
        assertTrue(fromCurrent > 0.9, "ridge NMSE from the current sample " + fromCurrent);
    }

    private static double[] flatten(List<double[]> rows, int width) {
        double[] m = new double[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, m, i * width, width);
        }
        return m;
    }

    @Test
    void theSameSeedGivesTheSameWeightsThroughTheContextsNamedGenerator() {
        Map<String, Object> given = new HashMap<>(Map.of("units", 20));
        ReservoirTrial a = create(countingTask(2), new TestTrialContext(4, LEGACY_1000003), given);
        ReservoirTrial b = create(countingTask(2), new TestTrialContext(4, LEGACY_1000003), given);
        ReservoirTrial c = create(countingTask(2), new TestTrialContext(5, LEGACY_1000003), given);
        assertArrayEquals(a.reservoir(0).recurrentWeights(), b.reservoir(0).recurrentWeights(), 0.0);
        assertArrayEquals(a.reservoir(0).feedbackWeights(), b.reservoir(0).feedbackWeights(), 0.0);
        assertNotEquals(a.reservoir(0).feedbackWeights()[0], c.reservoir(0).feedbackWeights()[0]);
    }
}

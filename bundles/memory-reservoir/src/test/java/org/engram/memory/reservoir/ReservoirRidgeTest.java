package org.engram.memory.reservoir;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_1000003;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Window;
import org.engram.api.param.Parameters;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.ReferenceBackend;
import org.engram.testkit.SignalStream;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.api.Test;

/** The RIDGE readout and the input scaling: what a reservoir needs to stand on its own once frozen. */
class ReservoirRidgeTest {

    private static final ReservoirMemory PLUGIN = new ReservoirMemory();

    private static ReservoirTrial create(MemoryTask task, Map<String, Object> given) {
        return (ReservoirTrial) PLUGIN.create(task, Parameters.resolve("memory 'reservoir'", PLUGIN.parameters(), given),
                new TestTrialContext(3, LEGACY_1000003));
    }

    /** ξ* = 0.1 · the current row's activity (a linear function of s), counting its calls. */
    private static final class LinearTask implements MemoryTask {
        private final int d;
        int calls;

        LinearTask(int d) {
            this.d = d;
        }

        public int layers() {
            return 1;
        }

        public int signalSize(int layer) {
            return d;
        }

        public int windowLength() {
            return 3;
        }

        public void exactSignal(int layer, Window window, double[] activity, double[] out) {
            calls++;
            for (int k = 0; k < d; k++) {
                out[k] = 0.1 * activity[(window.length() - 1) * d + k];
            }
        }
    }

    private static SlidingWindow push(SlidingWindow w, SplittableRandom random) {
        double[] x = new double[w.inputSize()];
        for (int j = 0; j < x.length; j++) {
            x[j] = random.nextDouble(-1, 1);
        }
        w.push(x, random.nextInt(w.classes()), 1);
        return w;
    }

    @Test
    void learningAnswersTheExactSignalAndFrozenTheSolvedReadoutRecoversALinearTargetWithoutIt() {
        LinearTask task = new LinearTask(2);
        ReservoirTrial memory = create(task, Map.of("units", 20, "steps", 5, "readout", "RIDGE", "readoutSample", true,
                "ridge", 1e-9, "inputScaling", 0.1));
        SplittableRandom random = new SplittableRandom(5);
        SlidingWindow w = new SlidingWindow(3, 4, 2);
        double[] out = new double[2];
        double[] exact = new double[2];
        for (int i = 0; i < 60; i++) {
            push(w, random);
            if (!w.isFull()) {
                continue;
            }
            double[] z = SignalStream.Samples.randomActivity(3, 2, random);
            memory.signal(0, w, z, out);
            task.exactSignal(0, w, z, exact);
            assertArrayEquals(exact, out, 0.0, "teacher-forced while learning");
        }
        assertEquals(58, memory.reservoir(0).collected());
        memory.setLearning(false);
        int calls = task.calls;
        double worst = 0.0;
        for (int i = 0; i < 20; i++) {
            push(w, random);
            double[] z = SignalStream.Samples.randomActivity(3, 2, random);
            memory.signal(0, w, z, out);
            for (int k = 0; k < 2; k++) {
                worst = Math.max(worst, Math.abs(out[k] - 0.1 * z[2 * 2 + k]));
            }
        }
        assertEquals(calls, task.calls, "frozen: no exact signal computed");
        // ξ* lies in the span of [r; s; 1] (it is 0.1·z, and z is part of s): the solved readout reproduces it
        assertTrue(worst < 1e-6, "largest error " + worst);
    }

    @Test
    void theSolvedReadoutSatisfiesTheNormalEquationsOfATinyCase() {
        // 2 units, no sample features: φ = [r1; r2; 1]; the 3×3 normal equations solved here by Cramer's rule
        ReservoirSettings s = new ReservoirSettings(2, 5e-3, 1e-3, 1.2, 1.0, 0, 0, 4, 1, Readout.RIDGE, 0, 0, 5e-3, 20,
                0, 0.5, 0.0, false);
        Reservoir res = new Reservoir(s, 1, new ReferenceBackend(), new SplittableRandom(11));
        res.ensureInput(1);
        SplittableRandom random = new SplittableRandom(12);
        List<double[]> phi = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            res.present(new double[] {random.nextDouble(-1, 1)});
            double[] target = {random.nextDouble(-1, 1)};
            for (int step = 0; step < 4; step++) {
                res.step(target);
            }
            res.collect(target);
            phi.add(new double[] {res.rates()[0], res.rates()[1], 1.0});
            targets.add(target[0]);
        }
        res.solve();
        double[][] a = new double[3][3];
        double[] b = new double[3];
        for (int t = 0; t < phi.size(); t++) {
            for (int i = 0; i < 3; i++) {
                b[i] += phi.get(t)[i] * targets.get(t);
                for (int j = 0; j < 3; j++) {
                    a[i][j] += phi.get(t)[i] * phi.get(t)[j];
                }
            }
        }
        double det = det(a);
        double[] w = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] ac = {a[0].clone(), a[1].clone(), a[2].clone()};
            for (int i = 0; i < 3; i++) {
                ac[i][c] = b[i];
            }
            w[c] = det(ac) / det;
        }
        assertArrayEquals(new double[] {w[0], w[1]}, res.readoutWeights(), 1e-6 * Math.max(1.0, Math.abs(w[0])));
        // frozen: the readout answers w·φ, bias included, and the bias is the last weight
        res.present(new double[] {0.3});
        res.step(null);
        double expected = w[0] * res.rates()[0] + w[1] * res.rates()[1] + w[2];
        assertEquals(expected, res.output()[0], 1e-6);
    }

    private static double det(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    @Test
    void inputScalingScalesTheInputWeightsDrawnFromTheSameStream() {
        ReservoirSettings one = new ReservoirSettings(10, 5e-3, 1e-3, 1.2, 0.1, 0, 0, 20, 1, Readout.LMS, 5e-4, 1e-4,
                5e-3, 20, 0);
        ReservoirSettings small = new ReservoirSettings(10, 5e-3, 1e-3, 1.2, 0.1, 0, 0, 20, 1, Readout.LMS, 5e-4, 1e-4,
                5e-3, 20, 0, 0.05, ReservoirSettings.DEFAULT_RIDGE, false);
        Reservoir a = new Reservoir(one, 1, new ReferenceBackend(), new SplittableRandom(9));
        Reservoir b = new Reservoir(small, 1, new ReferenceBackend(), new SplittableRandom(9));
        a.ensureInput(7);
        b.ensureInput(7);
        for (int i = 0; i < 70; i++) {
            assertEquals(0.05 * a.inputWeights()[i], b.inputWeights()[i], 0.0);
            assertTrue(Math.abs(b.inputWeights()[i]) < 0.05);
        }
    }

    @Test
    void theSampleReadoutNeedsRidge() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create(new LinearTask(1), Map.of("readoutSample", true)));
        assertTrue(e.getMessage().contains("readoutSample needs readout RIDGE"), e.getMessage());
    }
}

package org.engram.memory.reservoir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The memory-capacity estimator against closed forms, then on the reservoir. */
class MemoryCapacityTest {

    private static final int STEPS = 6000;
    private static final int TRAIN = 4500;

    private static double[] input(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] u = new double[STEPS];
        for (int t = 0; t < STEPS; t++) {
            u[t] = random.nextDouble(-1, 1);
        }
        return u;
    }

    @Test
    void aLinearUnitWithFeedbackAHasCapacityASquared() {
        // x(t) = a x(t−1) + u(t): corr²(x(t), u(t−k)) = a^{2k}(1 − a²), so Σ_{k≥1} r²_k = a² (1 − a^{2K})
        double a = 0.8;
        double[] u = input(1);
        double[] x = new double[STEPS];
        for (int t = 0; t < STEPS; t++) {
            x[t] = (t > 0 ? a * x[t - 1] : 0.0) + u[t];
        }
        double[] curve = MemoryCapacity.curve(u, x, STEPS, 1, 30, TRAIN);
        for (int k = 1; k <= 5; k++) {
            assertEquals(Math.pow(a, 2 * k) * (1 - a * a), curve[k - 1], 0.03, "delay " + k);
        }
        assertEquals(a * a * (1 - Math.pow(a, 60)), MemoryCapacity.sum(curve), 0.05);
    }

    @Test
    void aDelayLineOfNUnitsRecallsExactlyNMinusOneDelaysAndNothingBeyond() {
        // x(t) = [u(t), u(t−1), ..., u(t−n+1)]: delays 1..n−1 are recalled perfectly, later ones not at all
        int n = 6;
        double[] u = input(2);
        double[] x = new double[STEPS * n];
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < n; i++) {
                x[t * n + i] = t - i >= 0 ? u[t - i] : 0.0;
            }
        }
        double[] curve = MemoryCapacity.curve(u, x, STEPS, n, 15, TRAIN);
        for (int k = 1; k < n; k++) {
            assertEquals(1.0, curve[k - 1], 1e-9, "delay " + k);
        }
        for (int k = n; k <= 15; k++) {
            assertTrue(curve[k - 1] < 0.01, "delay " + k + ": " + curve[k - 1]);
        }
        assertEquals(n - 1, MemoryCapacity.sum(curve), 0.1);
    }

    @Test
    void theReservoirsCapacityIsBoundedByItsUnitsAndGrowsWhenInputsStopSaturatingIt() {
        int units = 50;
        // one Euler step per sample, a small input: close to linear, a long memory
        ReservoirSettings gentle = new ReservoirSettings(units, 5e-3, 1e-3, 0.9, 0.1, 0, 0, 1, 1, Readout.LMS, 0, 0,
                5e-3, 20, 0, 0.1, ReservoirSettings.DEFAULT_RIDGE, false);
        // the paper's: 20 steps (4 τ) per sample and a gain of 1.2, with a strong input
        ReservoirSettings paper = new ReservoirSettings(units, 5e-3, 1e-3, 1.2, 0.1, 0, 0, 20, 1, Readout.LMS, 0, 0,
                5e-3, 20, 0, 1.0, ReservoirSettings.DEFAULT_RIDGE, false);
        double mcGentle = MemoryCapacity.sum(MemoryCapacity.reservoirCurve(gentle, 3000, 40, 7));
        double mcPaper = MemoryCapacity.sum(MemoryCapacity.reservoirCurve(paper, 3000, 40, 7));
        assertTrue(mcGentle <= units, "MC " + mcGentle);
        assertTrue(mcGentle > 2 * mcPaper, "gentle " + mcGentle + ", paper's " + mcPaper);
    }
}

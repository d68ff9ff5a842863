package org.engram.memory.reservoir;

import org.engram.testkit.ReferenceBackend;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReservoirTest {

    /** Settings with the paper's constants and the given size, connectivity, noises and readout. */
    private static ReservoirSettings settings(int units, double connectivity, double hiddenNoise, double outputNoise,
            Readout readout, double rate) {
        return new ReservoirSettings(units, 5e-3, 1e-3, 1.2, connectivity, hiddenNoise, outputNoise, 20, 1, readout,
                rate, rate, 5e-3, 20.0, 0);
    }

    private static Reservoir reservoir(ReservoirSettings settings, int outputs, int inputs, long seed) {
        Reservoir r = new Reservoir(settings, outputs, new ReferenceBackend(), new SplittableRandom(seed));
        r.ensureInput(inputs);
        return r;
    }

    @Test
    void oneEulerStepMatchesAHandComputedStep() {
        Reservoir res = reservoir(settings(3, 1.0, 0, 0, Readout.LMS, 0.1), 1, 2, 1);
        System.arraycopy(new double[] {0.3, 0, -0.7, 0.5, 0.2, 0, 0, -0.4, 0.9}, 0, res.recurrentWeights(), 0, 9);
        System.arraycopy(new double[] {1.0, -0.5, 0.2, 0.3, -0.8, 0.6}, 0, res.inputWeights(), 0, 6);
        System.arraycopy(new double[] {0.6, -0.2, 0.4}, 0, res.feedbackWeights(), 0, 3);
        res.setReadoutWeights(new double[] {0.2, -0.4, 0.1});
        System.arraycopy(new double[] {0.5, -0.3, 0.1}, 0, res.state(), 0, 3);

        res.present(new double[] {0.7, -1.1});
        res.step(new double[] {0.25});

        // r = tanh(u); o = W_out r; u' = u + (1/5)(−u + 1.2 W_rec r + W_in s + W_fb o); W_out' = W_out − 0.1 (o − 0.25) r
        double r0 = Math.tanh(0.5);
        double r1 = Math.tanh(-0.3);
        double r2 = Math.tanh(0.1);
        double o = 0.2 * r0 - 0.4 * r1 + 0.1 * r2;
        double u0 = 0.5 + 0.2 * (-0.5 + 1.2 * (0.3 * r0 - 0.7 * r2) + (0.7 + 0.55) + 0.6 * o);
        double u1 = -0.3 + 0.2 * (0.3 + 1.2 * (0.5 * r0 + 0.2 * r1) + (0.14 - 0.33) - 0.2 * o);
        double u2 = 0.1 + 0.2 * (-0.1 + 1.2 * (-0.4 * r1 + 0.9 * r2) + (-0.56 - 0.66) + 0.4 * o);
        assertEquals(o, res.output()[0], 1e-15);
        assertArrayEquals(new double[] {u0, u1, u2}, res.state(), 1e-14);
        double e = o - 0.25;
        assertArrayEquals(new double[] {0.2 - 0.1 * e * r0, -0.4 - 0.1 * e * r1, 0.1 - 0.1 * e * r2}, res.readoutWeights(), 1e-15);
        assertEquals(1, res.learningSteps());
    }

    @Test
    void withoutATargetTheReadoutStaysFixed() {
        Reservoir res = reservoir(settings(50, 0.1, 0, 0, Readout.LMS, 5e-4), 2, 3, 7);
        res.present(new double[] {0.5, -0.5, 1.0});
        for (int t = 0; t < 30; t++) {
            res.step(null);
        }
        assertArrayEquals(new double[2 * 50], res.readoutWeights(), 0.0);
        assertEquals(0, res.learningSteps());
    }

    /** Mean over {@code steps} steps of ‖o − target‖²/‖target‖². */
    private static double meanNormalisedError(Reservoir res, double[] target, int steps) {
        double power = 0.0;
        for (double t : target) {
            power += t * t;
        }
        double sum = 0.0;
        for (int s = 0; s < steps; s++) {
            res.step(target);
            double e = 0.0;
            for (int k = 0; k < target.length; k++) {
                double d = res.output()[k] - target[k];
                e += d * d;
            }
            sum += e / power;
        }
        return sum / steps;
    }

    @Test
    void lmsReducesTheReadoutErrorOnAFixedTarget() {
        Reservoir res = reservoir(settings(200, 0.1, 0, 0, Readout.LMS, 5e-4), 3, 5, 11);
        res.present(new double[] {0.9, -0.2, 0.4, -1.0, 0.3});
        double[] target = {0.5, -0.3, 0.2};
        double early = meanNormalisedError(res, target, 20);
        meanNormalisedError(res, target, 2000);
        double late = meanNormalisedError(res, target, 100);
        assertTrue(early > 0.3, "starts from W_out = 0, so the first outputs are far off: " + early);
        assertTrue(late < 1e-3 * early, "LMS error early " + early + ", late " + late);
    }

    @Test
    void rewardModulatedHebbianReducesTheReadoutErrorOnAFixedTargetByExploring() {
        double noise = 0.05;
        Reservoir res = reservoir(settings(200, 0.1, 0, noise, Readout.RMHEBB, 5e-4), 3, 5, 13);
        res.present(new double[] {0.9, -0.2, 0.4, -1.0, 0.3});
        double[] target = {0.5, -0.3, 0.2};
        double early = meanNormalisedError(res, target, 200);
        meanNormalisedError(res, target, 30_000);
        double late = meanNormalisedError(res, target, 1000);
        assertTrue(early > 0.5, "starts from W_out = 0: " + early);
        assertTrue(late < 0.1 * early, "RMHebb error early " + early + ", late " + late);
    }

    @Test
    void rewardModulatedHebbianDoesNotLearnWithoutExplorationNoise() {
        Reservoir res = reservoir(settings(100, 0.1, 0, 0, Readout.RMHEBB, 5e-4), 2, 3, 5);
        res.present(new double[] {0.9, -0.2, 0.4});
        double[] target = {0.5, -0.3};
        for (int t = 0; t < 500; t++) {
            res.step(target);
        }
        // W_out = 0 and no noise: o = ō = 0 always, so every Hebbian increment (o − ō) rᵀ is zero
        assertArrayEquals(new double[2 * 100], res.readoutWeights(), 0.0);
    }

    @Test
    void aSeededReservoirIsBitIdenticalRunToRun() {
        for (Readout readout : Readout.values()) {
            Reservoir a = reservoir(settings(120, 0.1, 0.01, 0.05, readout, 5e-4), 4, 6, 99);
            Reservoir b = reservoir(settings(120, 0.1, 0.01, 0.05, readout, 5e-4), 4, 6, 99);
            // the fixed weights before the first step hands them to the backend
            assertArrayEquals(a.recurrentWeights(), b.recurrentWeights(), 0.0);
            assertArrayEquals(a.inputWeights(), b.inputWeights(), 0.0);
            Reservoir other = reservoir(settings(120, 0.1, 0.01, 0.05, readout, 5e-4), 4, 6, 100);
            assertNotEquals(a.recurrentWeights()[0] + a.recurrentWeights()[1] + a.inputWeights()[0],
                    other.recurrentWeights()[0] + other.recurrentWeights()[1] + other.inputWeights()[0]);
            double[] s = {0.1, 0.2, -0.3, 0.4, -0.5, 0.6};
            double[] target = {0.3, -0.1, 0.0, 0.2};
            for (int sample = 0; sample < 20; sample++) {
                s[sample % s.length] = -s[sample % s.length];
                a.present(s);
                b.present(s);
                for (int t = 0; t < 20; t++) {
                    a.step(target);
                    b.step(target);
                }
            }
            assertArrayEquals(a.state(), b.state(), 0.0);
            assertArrayEquals(a.readoutWeights(), b.readoutWeights(), 0.0);
            assertArrayEquals(a.output(), b.output(), 0.0);
        }
    }

    @Test
    void connectivitySetsTheFractionOfNonzeroRecurrentWeightsAtAFixedVariance() {
        int units = 1000;
        for (double p : new double[] {0.1, 0.9}) {
            Reservoir res = reservoir(settings(units, p, 0, 0, Readout.LMS, 5e-4), 2, 3, 3);
            double fraction = res.recurrentConnections() / (double) (units * units);
            assertEquals(p, fraction, 0.003, "fraction of nonzero recurrent weights");
            double sumSquares = 0.0;
            for (double w : res.recurrentWeights()) {
                sumSquares += w * w;
            }
            double variance = sumSquares / res.recurrentConnections();
            // spec §3.2: N(0, 1/(0.1·N_h)) in both the intended and the released code
            assertEquals(1.0 / (0.1 * units), variance, 0.01 / (0.1 * units));
        }
    }

    @Test
    void inputAndFeedbackWeightsAreUniformOnMinusOneToOneAndTheReadoutStartsAtZero() {
        Reservoir res = reservoir(settings(400, 0.1, 0, 0, Readout.LMS, 5e-4), 5, 50, 17);
        for (double[] w : new double[][] {res.inputWeights(), res.feedbackWeights()}) {
            double sum = 0.0;
            double sumSquares = 0.0;
            for (double v : w) {
                assertTrue(v >= -1.0 && v < 1.0, "outside [-1, 1): " + v);
                sum += v;
                sumSquares += v * v;
            }
            assertEquals(0.0, sum / w.length, 0.02);
            assertEquals(1.0 / 3.0, sumSquares / w.length, 0.02);
        }
        assertArrayEquals(new double[5 * 400], res.readoutWeights(), 0.0);
        assertArrayEquals(new double[400], res.state(), 0.0);
    }

    @Test
    void theInputSizeIsFixedByTheFirstInput() {
        Reservoir res = reservoir(settings(10, 0.1, 0, 0, Readout.LMS, 5e-4), 1, 4, 1);
        double[] before = res.inputWeights().clone();
        res.ensureInput(4);
        assertArrayEquals(before, res.inputWeights(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> res.ensureInput(5));
    }
}

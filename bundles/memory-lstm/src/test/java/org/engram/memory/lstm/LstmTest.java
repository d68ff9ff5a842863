package org.engram.memory.lstm;

import org.engram.testkit.ReferenceBackend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LstmTest {
    private static final int INPUTS = 3;
    private static final int HIDDEN = 4;
    private static final int OUTPUTS = 2;

    private static Lstm lstm(int truncation) {
        Lstm lstm = new Lstm(INPUTS, HIDDEN, OUTPUTS, truncation, new ReferenceBackend(), new SplittableRandom(5));
        // spread the biases too, so no gate sits at a special point
        SplittableRandom random = new SplittableRandom(6);
        double[] p = lstm.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] += random.nextDouble(-0.3, 0.3);
        }
        return lstm;
    }

    private static double[][] sequence(int steps, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] s = new double[steps][INPUTS];
        for (double[] row : s) {
            for (int i = 0; i < INPUTS; i++) {
                row[i] = random.nextDouble(-1.5, 1.5);
            }
        }
        return s;
    }

    private static final double[] TARGET = {0.4, -0.7};

    private static double loss(Lstm lstm) {
        double l = 0.0;
        for (int k = 0; k < OUTPUTS; k++) {
            double e = lstm.output()[k] - TARGET[k];
            l += 0.5 * e * e;
        }
        return l;
    }

    private static double[] analyticGradient(Lstm lstm, double[][] inputs) {
        lstm.reset();
        for (double[] s : inputs) {
            lstm.step(s);
        }
        double[] dy = new double[OUTPUTS];
        for (int k = 0; k < OUTPUTS; k++) {
            dy[k] = lstm.output()[k] - TARGET[k];
        }
        lstm.gradient(dy);
        return lstm.gradientArray().clone();
    }

    /** Loss after the sequence, where the parameters are shifted by {@code delta} at index {@code i} for the last {@code shifted} steps only. */
    private static double lossWithShift(Lstm lstm, double[][] inputs, int i, double delta, int shifted) {
        lstm.reset();
        double[] p = lstm.parameters();
        double original = p[i];
        for (int t = 0; t < inputs.length; t++) {
            if (t == inputs.length - shifted) {
                p[i] = original + delta;
            }
            lstm.step(inputs[t]);
        }
        p[i] = original;
        return loss(lstm);
    }

    private static void assertMatchesCentralDifferences(Lstm lstm, double[][] inputs, int shifted) {
        double[] analytic = analyticGradient(lstm, inputs);
        double h = 1e-6;
        double largest = 0.0;
        double worst = 0.0;
        for (int i = 0; i < analytic.length; i++) {
            double numeric = (lossWithShift(lstm, inputs, i, h, shifted) - lossWithShift(lstm, inputs, i, -h, shifted)) / (2 * h);
            largest = Math.max(largest, Math.abs(numeric));
            worst = Math.max(worst, Math.abs(numeric - analytic[i]));
        }
        assertTrue(largest > 1e-2, "a gradient worth checking: " + largest);
        assertTrue(worst < 1e-7 * Math.max(1.0, largest), "max |analytic − numeric| = " + worst + " (largest " + largest + ")");
    }

    @Test
    void gradientMatchesCentralFiniteDifferencesThroughTheWholeSequence() {
        Lstm lstm = lstm(6);
        double[][] inputs = sequence(6, 1);
        assertMatchesCentralDifferences(lstm, inputs, inputs.length);
    }

    @Test
    void truncatedGradientTreatsTheStateBeforeTheTruncationAsConstant() {
        // 8 steps, gradient through the last 3: equal to the derivative of the loss when only those 3 steps
        // see the changed parameters, the earlier ones having run with the old ones (as online training does)
        Lstm lstm = lstm(3);
        double[][] inputs = sequence(8, 2);
        assertMatchesCentralDifferences(lstm, inputs, 3);
        double[] truncated = analyticGradient(lstm, inputs);
        double[] full = analyticGradient(lstm(8), inputs);
        double differs = 0.0;
        for (int i = 0; i < full.length; i++) {
            differs = Math.max(differs, Math.abs(full[i] - truncated[i]));
        }
        assertTrue(differs > 1e-6, "truncation must cut something here: " + differs);
    }

    @Test
    void parameterCountIsFourGatesOfInputRecurrentAndBiasPlusTheReadout() {
        Lstm lstm = lstm(2);
        // 4H(m + H + 1) + d(H + 1) = 16·8 + 2·5
        assertEquals(138, lstm.parameters().length);
        assertEquals(138, ParameterCount.lstm(INPUTS, HIDDEN, OUTPUTS));
        assertEquals(lstm.parameters().length, lstm.gradientArray().length);
    }

    @Test
    void theForgetGateStartsOpen() {
        Lstm lstm = new Lstm(INPUTS, HIDDEN, OUTPUTS, 2, new ReferenceBackend(), new SplittableRandom(1));
        int biases = 4 * HIDDEN * (INPUTS + HIDDEN);
        for (int u = 0; u < HIDDEN; u++) {
            assertEquals(0.0, lstm.parameters()[biases + u]);
            assertEquals(1.0, lstm.parameters()[biases + HIDDEN + u]);
        }
    }

    @Test
    void reservoirCountAndTheMatchingHiddenSize() {
        // 0.1·2000² + 2000·804 + 2·2000·10: the spec §3.4 reservoir on MNIST with a 10-unit activity
        assertEquals(400_000 + 1_608_000 + 40_000, ParameterCount.reservoir(2000, 804, 10, 0.1));
        int[][] cases = {{804, 10, 2000}, {922, 128, 2000}, {15, 3, 50}, {5, 2, 1}};
        for (int[] c : cases) {
            long target = ParameterCount.reservoir(c[2], c[0], c[1], 0.1);
            int best = 1;
            for (int h = 1; h < 5000; h++) {
                if (Math.abs(ParameterCount.lstm(c[0], h, c[1]) - target) < Math.abs(ParameterCount.lstm(c[0], best, c[1]) - target)) {
                    best = h;
                }
            }
            assertEquals(best, ParameterCount.matchingHiddenUnits(target, c[0], c[1]), "m " + c[0] + ", d " + c[1]);
        }
        assertEquals(1, ParameterCount.matchingHiddenUnits(0, 10, 2));
    }

    @Test
    void truncationMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Lstm(2, 2, 1, 0, new ReferenceBackend(), new SplittableRandom(1)));
    }
}

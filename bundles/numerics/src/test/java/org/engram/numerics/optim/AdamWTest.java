package org.engram.numerics.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdamWTest {

    @Test
    void firstStepMatchesHandComputation() {
        // After one step Adam's bias-corrected update is g/(|g|+eps) per entry: a step of lr·sign(g), plus decay.
        double lr = 0.1;
        double wd = 0.01;
        AdamW opt = new AdamW(2, lr, 0.9, 0.99, 1e-8, wd);
        double[] p = {1.0, -2.0};
        opt.step(p, new double[] {0.5, -4.0});
        double e0 = 1.0 - lr * (0.5 / (0.5 + 1e-8) + wd * 1.0);
        double e1 = -2.0 - lr * (-4.0 / (4.0 + 1e-8) + wd * -2.0);
        assertArrayEquals(new double[] {e0, e1}, p, 1e-15);
    }

    @Test
    void secondStepMatchesHandComputation() {
        double lr = 1e-3;
        double b1 = 0.9;
        double b2 = 0.99;
        double eps = 1e-8;
        double wd = 1e-4;
        AdamW opt = new AdamW(1, lr, b1, b2, eps, wd);
        double[] p = {0.3};
        double g1 = 0.2;
        double g2 = -0.7;
        opt.step(p, new double[] {g1});
        opt.step(p, new double[] {g2});

        double x = 0.3;
        double m = (1 - b1) * g1;
        double v = (1 - b2) * g1 * g1;
        x -= lr * ((m / (1 - b1)) / (Math.sqrt(v / (1 - b2)) + eps) + wd * x);
        m = b1 * m + (1 - b1) * g2;
        v = b2 * v + (1 - b2) * g2 * g2;
        x -= lr * ((m / (1 - b1 * b1)) / (Math.sqrt(v / (1 - b2 * b2)) + eps) + wd * x);
        assertEquals(x, p[0], 1e-16);
        assertEquals(2, opt.steps());
    }

    @Test
    void momentumAccumulatesTrace() {
        MomentumSgd opt = new MomentumSgd(1, 0.5, 0.9);
        double[] p = {0.0};
        opt.step(p, new double[] {1.0}); // trace 1, p = -0.5
        opt.step(p, new double[] {1.0}); // trace 1.9, p = -1.45
        assertEquals(-1.45, p[0], 1e-15);
    }

    @Test
    void outerStepEqualsAStepOnTheMaterialisedOuterProductBitForBit() {
        for (OptimizerSettings.Kind kind : OptimizerSettings.Kind.values()) {
            OptimizerSettings settings = new OptimizerSettings(kind, 1e-2, 0.9, 0.99, 1e-8, 1e-3, 0.9);
            int rows = 7;
            int cols = 13;
            SplittableRandom random = new SplittableRandom(11);
            double[] fused = random.doubles(rows * cols, -1, 1).toArray();
            double[] plain = fused.clone();
            Optimizer a = settings.create(rows * cols);
            Optimizer b = settings.create(rows * cols);
            for (int step = 0; step < 25; step++) {
                // factors at offsets inside larger arrays, as the learner passes the current row of a window
                double[] left = random.doubles(rows + 3, -2, 2).toArray();
                double[] right = random.doubles(cols + 5, -2, 2).toArray();
                if (step % 5 == 0) {
                    left[4] = 0.0; // a silent unit gives a zero row
                }
                a.stepOuter(fused, rows, cols, left, 3, right, 5);
                double[] grad = new double[rows * cols];
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        grad[i * cols + j] = left[3 + i] * right[5 + j];
                    }
                }
                b.step(plain, grad);
            }
            for (int i = 0; i < fused.length; i++) {
                assertEquals(Double.doubleToRawLongBits(plain[i]), Double.doubleToRawLongBits(fused[i]), kind + " entry " + i);
            }
        }
    }

    @Test
    void outerStepRejectsFactorsThatDoNotMakeTheParameterShape() {
        AdamW opt = new AdamW(6, 0.1, 0.9, 0.99, 1e-8, 0.0);
        double[] p = new double[6];
        assertThrows(IllegalArgumentException.class, () -> opt.stepOuter(p, 2, 4, new double[2], 0, new double[4], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> opt.stepOuter(p, 2, 3, new double[2], 1, new double[3], 0));
        assertEquals(0, opt.steps(), "a rejected step changes nothing");
    }
}

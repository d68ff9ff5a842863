package org.engram.numerics.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}

package org.engram.dataset.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DrawsTest {

    @Test
    void normalDrawsHaveStandardNormalMomentsAndMass() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 400_000;
        double sum = 0;
        double sumSquares = 0;
        double sumFourth = 0;
        int withinOne = 0;
        for (int i = 0; i < n; i++) {
            double z = Draws.normal(random);
            sum += z;
            sumSquares += z * z;
            sumFourth += z * z * z * z;
            withinOne += Math.abs(z) < 1 ? 1 : 0;
        }
        // standard errors at n = 400 000: mean 0.0016, variance 0.0022, kurtosis 0.02, mass 0.0007
        assertEquals(0.0, sum / n, 0.008);
        assertEquals(1.0, sumSquares / n, 0.011);
        assertEquals(3.0, sumFourth / n, 0.1);
        assertEquals(0.682689, (double) withinOne / n, 0.0035);
    }

    @Test
    void uniformDrawsStayInRangeWithFlatMean() {
        SplittableRandom random = new SplittableRandom(5);
        double sum = 0;
        for (int i = 0; i < 100_000; i++) {
            double u = Draws.uniform(random, -1, 1);
            assertTrue(u >= -1 && u < 1, "draw " + u);
            sum += u;
        }
        assertEquals(0.0, sum / 100_000, 0.01);
    }

    @Test
    void equalSeedsGiveIdenticalDraws() {
        SplittableRandom a = new SplittableRandom(11);
        SplittableRandom b = new SplittableRandom(11);
        for (int i = 0; i < 1000; i++) {
            assertEquals(Double.doubleToRawLongBits(Draws.normal(a)), Double.doubleToRawLongBits(Draws.normal(b)));
        }
    }
}

package org.engram.memory.reservoir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The transcribed fdlibm tanh gives {@code StrictMath.tanh}'s bits (which {@code Math.tanh} gives on JDK 17) everywhere. */
class TanhTest {

    private static void assertSameBits(double x) {
        assertEquals(Double.doubleToRawLongBits(StrictMath.tanh(x)), Double.doubleToRawLongBits(Tanh.tanh(x)), () -> "tanh(" + x + ")");
    }

    @Test
    void givesStrictMathTanhBitForBitOnEveryScaleOfArgument() {
        SplittableRandom random = new SplittableRandom(3);
        // each branch: tiny, |x| < ln2/2, < 3 ln2/2, < 1, the k < 20 and k ≥ 20 reductions of 2|x|, > 56 ln2, ≥ 22
        for (double scale : new double[] {1e-20, 1e-8, 0.3, 0.5, 1, 1.5, 2, 5, 10, 20, 22, 40}) {
            for (int i = 0; i < 100_000; i++) {
                assertSameBits(random.nextDouble(-scale, scale));
            }
        }
        for (int i = 0; i < 200_000; i++) {
            assertSameBits(Double.longBitsToDouble(random.nextLong()));
        }
    }

    @Test
    void givesStrictMathTanhBitForBitOnSpecialValues() {
        for (double x : new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 0x1p-55, 0x1p-54, 0.5 * Math.log(2), 1.0, -1.0,
                1.5 * Math.log(2), 22.0, -22.0, Math.nextDown(22.0), Double.MAX_VALUE, -Double.MAX_VALUE}) {
            assertSameBits(x);
        }
    }
}

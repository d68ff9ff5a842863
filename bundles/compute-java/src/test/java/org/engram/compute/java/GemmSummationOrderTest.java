package org.engram.compute.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blocked {@code A Bᵀ} product (a network's forward pass) gives, bit for bit, what a plain dot product summed
 * over p from zero gives, for every remainder of the blocking: results of studies run before the blocking stay
 * reproducible.
 */
class GemmSummationOrderTest {

    @ParameterizedTest
    @CsvSource({"1, 128, 784", "2, 4, 3", "3, 7, 5", "8, 128, 784", "8, 10, 64", "5, 1, 9", "9, 6, 1"})
    void aTimesBTransposedSumsEachDotInOrder(int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(m * 1_000_003L + n * 1009L + k);
        double[] a = random.doubles((long) m * k, -1, 1).toArray();
        double[] b = random.doubles((long) n * k, -1, 1).toArray();
        double[] c = random.doubles((long) m * n, -1, 1).toArray();
        double[] expected = c.clone();
        double alpha = 0.75;
        double beta = 0.5;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[j * k + p];
                }
                expected[i * n + j] = alpha * s + beta * expected[i * n + j];
            }
        }

        new JavaComputeBackend().gemm(false, true, m, n, k, alpha, a, 0, b, 0, beta, c, 0);

        for (int e = 0; e < c.length; e++) {
            assertEquals(Double.doubleToRawLongBits(expected[e]), Double.doubleToRawLongBits(c[e]),
                    "element " + e + " of " + m + "×" + n + "×" + k + ": " + expected[e] + " vs " + c[e]);
        }
    }
}

package org.engram.compute.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blocked {@code A Bᵀ} product (a network's forward pass) gives, bit for bit, what a plain dot product summed
 * over p from zero gives, for every remainder of the blocking: results of studies run before the blocking stay
 * reproducible.
 */
class GemmSummationOrderTest {

    @ParameterizedTest
    @CsvSource({"1, 128, 784", "2, 4, 3", "3, 7, 5", "8, 128, 784", "8, 64, 128", "8, 10, 64", "5, 1, 9", "9, 6, 1",
            "4, 16, 1", "17, 129, 33", "33, 300, 70", "8, 257, 3"})
    void aTimesBTransposedSumsEachDotInOrder(int m, int n, int k) {
        assertSequentialDots(new JavaComputeBackend(), m, n, k, 0.75, 0.5);
    }

    /**
     * Every remainder of the packed kernel's blocking (rows 1 to 9 around its row threshold, columns around its
     * column threshold and vector widths, p around its four-way unrolling and its panel depth), with and without
     * beta, on one backend so that the per-thread panels are reused across shapes.
     */
    @Test
    void everyBlockingRemainderSumsEachDotInOrder() {
        JavaComputeBackend backend = new JavaComputeBackend();
        for (int m = 1; m <= 9; m++) {
            for (int n : new int[] {1, 3, 16, 31, 32, 33, 47, 64, 127, 128, 131}) {
                for (int k : new int[] {1, 2, 3, 4, 5, 7, 31, 32, 33, 36, 65, 97}) {
                    assertSequentialDots(backend, m, n, k, 1.0, m % 2 == 0 ? 0.0 : 1.0);
                }
            }
        }
    }

    /** beta = 0 must ignore C's old contents, NaN included, on the packed path as on the dot path. */
    @Test
    void zeroBetaIgnoresNanInC() {
        for (int m : new int[] {1, 8}) {
            int n = 20;
            int k = 9;
            SplittableRandom random = new SplittableRandom(m);
            double[] a = random.doubles((long) m * k, -1, 1).toArray();
            double[] b = random.doubles((long) n * k, -1, 1).toArray();
            double[] c = new double[m * n];
            Arrays.fill(c, Double.NaN);
            new JavaComputeBackend().gemm(false, true, m, n, k, 1.0, a, 0, b, 0, 0.0, c, 0);
            for (double value : c) {
                assertEquals(false, Double.isNaN(value), "NaN kept from C with beta 0 for " + m + " rows");
            }
        }
    }

    /**
     * Zero inputs keep the bits of the plain dot product, the NaN of 0 · ∞ and 0 · NaN included: a kernel that skips
     * zero terms may do so only where the weight is finite.
     */
    @ParameterizedTest
    @CsvSource({"8, 128, 784", "5, 40, 70", "4, 33, 9"})
    void zeroInputsKeepTheBitsOfTheSequentialDotWithSpecialWeights(int m, int n, int k) {
        JavaComputeBackend backend = new JavaComputeBackend();
        SplittableRandom random = new SplittableRandom(k);
        for (double special : new double[] {0.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
            double[] a = random.doubles((long) m * k, -1, 1).toArray();
            for (int e = 0; e < a.length; e++) {
                double draw = random.nextDouble();
                a[e] = draw < 0.6 ? 0.0 : draw < 0.8 ? -0.0 : a[e];
            }
            // column 1 of A is zero in every row, so only the weights can make its terms matter
            for (int i = 0; i < m; i++) {
                a[i * k + Math.min(1, k - 1)] = i % 2 == 0 ? 0.0 : -0.0;
            }
            double[] b = random.doubles((long) n * k, -1, 1).toArray();
            b[(n / 2) * k + Math.min(1, k - 1)] = special;
            assertSequentialDots(backend, m, n, k, 1.0, 1.0, a, b, random.doubles((long) m * n, -1, 1).toArray(), 0, 0, 0);
        }
    }

    /**
     * {@code op(A) B} (a weight gradient δᵀX, an input gradient δW) adds its terms to C four p at a time, each group
     * summed first, the last k mod 4 one by one: on the scalar kernel and on the copied-rows vector kernel alike, for
     * every remainder of the copied kernel's panels (16 p, 512 columns) and of its pairs of rows, around its column
     * threshold, and with beta 0 (C overwritten from +0.0, its NaN ignored, every way the first pass can start: one,
     * two or three terms, a group) as with beta not 0.
     */
    @Test
    void aTimesBAddsGroupsOfFourTermsInOrder() {
        JavaComputeBackend backend = new JavaComputeBackend();
        for (boolean transA : new boolean[] {false, true}) {
            for (int m : new int[] {1, 2, 6, 9}) {
                for (int n : new int[] {1, 31, 32, 33, 64, 511, 512, 515, 1100}) {
                    for (int k : new int[] {1, 2, 3, 4, 5, 6, 15, 16, 17, 21, 35}) {
                        for (double beta : new double[] {0.0, 0.75}) {
                            assertGroupsOfFour(backend, transA, m, n, k, m % 3 == 0 ? 1.0 : 0.5, beta);
                        }
                    }
                }
            }
        }
    }

    private static void assertGroupsOfFour(JavaComputeBackend backend, boolean transA, int m, int n, int k, double alpha,
            double beta) {
        SplittableRandom random = new SplittableRandom(m * 1_000_003L + n * 1009L + k + (transA ? 7 : 0));
        int aOffset = 1;
        int bOffset = 4;
        int cOffset = 3;
        double[] a = random.doubles(aOffset + (long) m * k, -1, 1).toArray();
        double[] b = random.doubles(bOffset + (long) k * n, -1, 1).toArray();
        double[] c = random.doubles(cOffset + (long) m * n, -1, 1).toArray();
        if (beta == 0) {
            Arrays.fill(c, Double.NaN);
        }
        double[] expected = c.clone();
        int rowStride = transA ? 1 : k;
        int columnStride = transA ? m : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int e = cOffset + i * n + j;
                double sum = beta == 0 ? 0.0 : expected[e] * beta;
                int p = 0;
                for (; p + 3 < k; p += 4) {
                    double group = alpha * a[aOffset + i * rowStride + p * columnStride] * b[bOffset + p * n + j];
                    group += alpha * a[aOffset + i * rowStride + (p + 1) * columnStride] * b[bOffset + (p + 1) * n + j];
                    group += alpha * a[aOffset + i * rowStride + (p + 2) * columnStride] * b[bOffset + (p + 2) * n + j];
                    group += alpha * a[aOffset + i * rowStride + (p + 3) * columnStride] * b[bOffset + (p + 3) * n + j];
                    sum += group;
                }
                for (; p < k; p++) {
                    sum += alpha * a[aOffset + i * rowStride + p * columnStride] * b[bOffset + p * n + j];
                }
                expected[e] = sum;
            }
        }

        backend.gemm(transA, false, m, n, k, alpha, a, aOffset, b, bOffset, beta, c, cOffset);

        for (int e = 0; e < c.length; e++) {
            assertEquals(Double.doubleToRawLongBits(expected[e]), Double.doubleToRawLongBits(c[e]),
                    "element " + e + " of op(A) B, transA " + transA + ", " + m + "×" + n + "×" + k + ": " + expected[e]
                            + " vs " + c[e]);
        }
    }

    private static void assertSequentialDots(JavaComputeBackend backend, int m, int n, int k, double alpha, double beta) {
        SplittableRandom random = new SplittableRandom(m * 1_000_003L + n * 1009L + k);
        // offsets on every operand: the kernels must honour them, not assume rows start at 0
        int aOffset = 3;
        int bOffset = 5;
        int cOffset = 2;
        double[] a = random.doubles(aOffset + (long) m * k, -1, 1).toArray();
        double[] b = random.doubles(bOffset + (long) n * k, -1, 1).toArray();
        double[] c = random.doubles(cOffset + (long) m * n, -1, 1).toArray();
        // exact zeros and negative zeros: a sum that starts at +0 must treat them as the plain dot does
        a[aOffset] = -0.0;
        b[bOffset + k - 1] = 0.0;
        if (k > 2) {
            a[aOffset + 2] = 0.0;
        }
        assertSequentialDots(backend, m, n, k, alpha, beta, a, b, c, aOffset, bOffset, cOffset);
    }

    private static void assertSequentialDots(JavaComputeBackend backend, int m, int n, int k, double alpha, double beta,
            double[] a, double[] b, double[] c, int aOffset, int bOffset, int cOffset) {
        double[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aOffset + i * k + p] * b[bOffset + j * k + p];
                }
                int e = cOffset + i * n + j;
                expected[e] = beta == 0 ? alpha * s : alpha * s + beta * expected[e];
            }
        }

        backend.gemm(false, true, m, n, k, alpha, a, aOffset, b, bOffset, beta, c, cOffset);

        for (int e = 0; e < c.length; e++) {
            assertEquals(Double.doubleToRawLongBits(expected[e]), Double.doubleToRawLongBits(c[e]),
                    "element " + e + " of " + m + "×" + n + "×" + k + ": " + expected[e] + " vs " + c[e]);
        }
    }
}

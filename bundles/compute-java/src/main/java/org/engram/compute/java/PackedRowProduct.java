package org.engram.compute.java;

import java.util.Arrays;

/**
 * {@code C = alpha A Bᵀ + beta C} (A [m, k], B stored [n, k]) for several rows of A, in vector code: a panel of B
 * is transposed into rows of {@code p} (one array per p), and each row of A is accumulated column-wise,
 * {@code acc[j] += A[i, p] · Bᵀ[p, j]}, a loop over j that C2 turns into AVX code because every array in it is
 * indexed by j alone (JDK 17 does not vectorise a loop whose arrays carry different offsets). Each accumulator
 * still starts at zero and adds its products in increasing p, so every C element gets exactly the bits of a plain
 * sequential dot product (the rules' checksum tests pin them).
 *
 * <p>The transposition costs one pass over B per call, which several rows of A repay; a single row stays on the
 * dot-product kernel. One instance per thread: it owns its fixed-size panels (48 KiB), so calls allocate nothing.
 */
final class PackedRowProduct {

    /** Rows of A from which the transposition pays (measured: 2 rows run slower than the dot products, 4 faster). */
    static final int MIN_ROWS = 4;
    /**
     * Columns of C from which the vector loop pays (measured: 16 slower, 32 faster); narrower products, such as a
     * 10-class output layer, stay dot products.
     */
    static final int MIN_COLUMNS = 32;
    /** p per panel: a 32 × 128 panel of doubles is 32 KiB, within the L1 data cache while every row of A uses it. */
    static final int P_BLOCK = 32;
    /** Columns per panel. */
    static final int J_BLOCK = 128;
    /** Rows of A whose accumulators are live at once. */
    static final int I_BLOCK = 16;

    private final double[][] panel = new double[P_BLOCK][J_BLOCK];
    private final double[][] accumulators = new double[I_BLOCK][J_BLOCK];

    /** C's rows {@code ldc} apart (n for a whole product, more for a block of its columns). */
    void multiply(int m, int n, int k, double alpha, double[] a, int aOffset, double[] b, int bOffset, double beta,
            double[] c, int cOffset, int ldc) {
        for (int i0 = 0; i0 < m; i0 += I_BLOCK) {
            int rows = Math.min(I_BLOCK, m - i0);
            for (int j0 = 0; j0 < n; j0 += J_BLOCK) {
                int columns = Math.min(J_BLOCK, n - j0);
                for (int i = 0; i < rows; i++) {
                    Arrays.fill(accumulators[i], 0, columns, 0.0);
                }
                for (int p0 = 0; p0 < k; p0 += P_BLOCK) {
                    int depth = Math.min(P_BLOCK, k - p0);
                    transposePanel(depth, columns, b, bOffset + j0 * k + p0, k);
                    int i = 0;
                    for (; i + 1 < rows; i += 2) {
                        int aRow = aOffset + (i0 + i) * k + p0;
                        accumulateTwoRows(depth, columns, a, aRow, aRow + k, accumulators[i], accumulators[i + 1]);
                    }
                    if (i < rows) {
                        accumulateRow(depth, columns, a, aOffset + (i0 + i) * k + p0, accumulators[i]);
                    }
                }
                for (int i = 0; i < rows; i++) {
                    double[] sums = accumulators[i];
                    int cRow = cOffset + (i0 + i) * ldc + j0;
                    for (int j = 0; j < columns; j++) {
                        c[cRow + j] = JavaComputeBackend.combine(alpha, sums[j], beta, c, cRow + j);
                    }
                }
            }
        }
    }

    /**
     * {@code panel[p][j] = B[j, p0 + p]} for p below depth, j below columns, from {@code from} = B's element
     * (j0, p0). Four p per pass: each B row yields four neighbours per visit.
     */
    private void transposePanel(int depth, int columns, double[] b, int from, int k) {
        int p = 0;
        for (; p + 3 < depth; p += 4) {
            double[] t0 = panel[p];
            double[] t1 = panel[p + 1];
            double[] t2 = panel[p + 2];
            double[] t3 = panel[p + 3];
            int source = from + p;
            for (int j = 0; j < columns; j++) {
                int q = source + j * k;
                t0[j] = b[q];
                t1[j] = b[q + 1];
                t2[j] = b[q + 2];
                t3[j] = b[q + 3];
            }
        }
        for (; p < depth; p++) {
            double[] t = panel[p];
            int source = from + p;
            for (int j = 0; j < columns; j++) {
                t[j] = b[source + j * k];
            }
        }
    }

    /**
     * {@link #accumulateRow} for two rows of A at once, two p per pass: each panel element loaded serves both rows,
     * and each sum stays in a register for two additions (the same additions in the same order). Measured on the
     * 8 × 784 × 128 forward, 1.2× faster than one row with four p per pass; larger bodies (three or four rows, or
     * six p) are more than C2 vectorises.
     */
    private void accumulateTwoRows(int depth, int columns, double[] a, int aRow0, int aRow1, double[] sums0,
            double[] sums1) {
        int p = 0;
        for (; p + 1 < depth; p += 2) {
            double x00 = a[aRow0 + p];
            double x01 = a[aRow0 + p + 1];
            double x10 = a[aRow1 + p];
            double x11 = a[aRow1 + p + 1];
            double[] t0 = panel[p];
            double[] t1 = panel[p + 1];
            for (int j = 0; j < columns; j++) {
                double u0 = t0[j];
                double u1 = t1[j];
                double s0 = sums0[j];
                s0 += x00 * u0;
                s0 += x01 * u1;
                sums0[j] = s0;
                double s1 = sums1[j];
                s1 += x10 * u0;
                s1 += x11 * u1;
                sums1[j] = s1;
            }
        }
        if (p < depth) {
            double x0 = a[aRow0 + p];
            double x1 = a[aRow1 + p];
            double[] t = panel[p];
            for (int j = 0; j < columns; j++) {
                sums0[j] += x0 * t[j];
                sums1[j] += x1 * t[j];
            }
        }
    }

    /**
     * {@code sums[j] += Σ_p A[row, p] · panel[p][j]}, the terms added one by one in increasing p: the odd row.
     * Four p per pass keep each sum in a register for four additions (the same additions in the same order).
     */
    private void accumulateRow(int depth, int columns, double[] a, int aRow, double[] sums) {
        int p = 0;
        for (; p + 3 < depth; p += 4) {
            double x0 = a[aRow + p];
            double x1 = a[aRow + p + 1];
            double x2 = a[aRow + p + 2];
            double x3 = a[aRow + p + 3];
            double[] t0 = panel[p];
            double[] t1 = panel[p + 1];
            double[] t2 = panel[p + 2];
            double[] t3 = panel[p + 3];
            for (int j = 0; j < columns; j++) {
                double s = sums[j];
                s += x0 * t0[j];
                s += x1 * t1[j];
                s += x2 * t2[j];
                s += x3 * t3[j];
                sums[j] = s;
            }
        }
        for (; p < depth; p++) {
            double x = a[aRow + p];
            double[] t = panel[p];
            for (int j = 0; j < columns; j++) {
                sums[j] += x * t[j];
            }
        }
    }
}

package org.engram.compute.java;

import java.util.Arrays;

/**
 * {@code C = alpha op(A) B + beta C} (B [k, n] row-major) as vector code: the axpy form of
 * {@link JavaComputeBackend}'s {@code gemmAxpyForm}, with the same arithmetic, on copies. C2 (JDK 17) does not
 * vectorise {@code c[cRow + j] += s * b[bRow + j]}, whose arrays carry different offsets (either could be the other
 * array), so the rows of B it needs are copied into arrays of their own and each row of C into an accumulator, all
 * indexed by j alone; {@link System#arraycopy} costs a fraction of the multiply-adds it enables. The terms are
 * grouped as there, four p at a time from p = 0 and each group summed before it is added to C (the panel depth is a
 * multiple of four, so the groups do not move), so every element gets the same bits.
 *
 * <p>Two rows of C per pass, so that each panel element loaded serves both (the few-term products of a weight
 * gradient, k = the batch, are bound by those loads). With beta = 0 the accumulators start from +0.0, what C cleared
 * to zero would give, so C is neither cleared nor read (a weight gradient's C is as large as the layer).
 *
 * <p>One instance per thread: it owns its fixed-size panels (about 100 KiB), so calls allocate nothing.
 */
final class CopiedRowsProduct {

    /** Columns of C from which the vector loop pays; narrower products stay on the scalar kernel. */
    static final int MIN_COLUMNS = 32;
    /** Rows of B per panel: a multiple of four, so that the four-term groups stay where the scalar kernel has them. */
    static final int P_BLOCK = 16;
    /** Columns per panel: 16 rows of 512 doubles are 64 KiB, within the L2 cache beside C's rows. */
    static final int J_BLOCK = 512;

    private final double[][] panel = new double[P_BLOCK][J_BLOCK];
    private final double[] accumulator = new double[J_BLOCK];
    private final double[] secondAccumulator = new double[J_BLOCK];

    /**
     * op(A)[i, p] at {@code a[aOffset + i * aRowStride + p * aColumnStride]}. B's rows {@code ldb} apart and C's
     * {@code ldc} (n for a whole product, more for a block of its columns).
     *
     * @param overwrite C = alpha op(A) B, C's old contents ignored (beta = 0); else C += alpha op(A) B, C scaled by
     *                  beta before the call
     */
    void multiplyAdd(int m, int n, int k, double alpha, double[] a, int aOffset, int aRowStride, int aColumnStride,
            double[] b, int bOffset, int ldb, double[] c, int cOffset, int ldc, boolean overwrite) {
        double[] acc0 = accumulator;
        double[] acc1 = secondAccumulator;
        for (int j0 = 0; j0 < n; j0 += J_BLOCK) {
            int columns = Math.min(J_BLOCK, n - j0);
            for (int p0 = 0; p0 < k; p0 += P_BLOCK) {
                int depth = Math.min(P_BLOCK, k - p0);
                for (int p = 0; p < depth; p++) {
                    System.arraycopy(b, bOffset + (p0 + p) * ldb + j0, panel[p], 0, columns);
                }
                // the first panel of an overwritten C starts from +0.0, as C cleared would
                boolean fromZero = overwrite && p0 == 0;
                int i = 0;
                for (; i + 1 < m; i += 2) {
                    int cRow0 = cOffset + i * ldc + j0;
                    int cRow1 = cRow0 + ldc;
                    int aik = aOffset + i * aRowStride + p0 * aColumnStride;
                    int p = 0;
                    if (fromZero) {
                        p = startTwoRows(depth, columns, alpha, a, aik, aik + aRowStride, aColumnStride, acc0, acc1);
                    } else {
                        System.arraycopy(c, cRow0, acc0, 0, columns);
                        System.arraycopy(c, cRow1, acc1, 0, columns);
                    }
                    aik += p * aColumnStride;
                    accumulateTwoRows(p, depth, columns, alpha, a, aik, aik + aRowStride, aColumnStride, acc0, acc1);
                    System.arraycopy(acc0, 0, c, cRow0, columns);
                    System.arraycopy(acc1, 0, c, cRow1, columns);
                }
                if (i < m) {
                    int cRow = cOffset + i * ldc + j0;
                    load(c, cRow, acc0, columns, fromZero);
                    accumulate(depth, columns, alpha, a, aOffset + i * aRowStride + p0 * aColumnStride, aColumnStride,
                            acc0);
                    System.arraycopy(acc0, 0, c, cRow, columns);
                }
            }
        }
    }

    /** The accumulator for a row of C: the row's running sums, or +0.0 where C is overwritten. */
    private static void load(double[] c, int cRow, double[] acc, int columns, boolean fromZero) {
        if (fromZero) {
            Arrays.fill(acc, 0, columns, 0.0);
        } else {
            System.arraycopy(c, cRow, acc, 0, columns);
        }
    }

    /**
     * The first pass of {@link #accumulateTwoRows} over overwritten rows, written rather than added: each sum is
     * +0.0 plus the first group (or the first one or two terms when depth is below four), as adding it to a cleared
     * accumulator gives, without clearing and reading one.
     *
     * @return the terms taken: where {@link #accumulateTwoRows} goes on
     */
    private int startTwoRows(int depth, int columns, double alpha, double[] a, int aik0, int aik1, int aColumnStride,
            double[] acc0, double[] acc1) {
        if (depth >= 4) {
            double s00 = alpha * a[aik0];
            double s01 = alpha * a[aik0 + aColumnStride];
            double s02 = alpha * a[aik0 + 2 * aColumnStride];
            double s03 = alpha * a[aik0 + 3 * aColumnStride];
            double s10 = alpha * a[aik1];
            double s11 = alpha * a[aik1 + aColumnStride];
            double s12 = alpha * a[aik1 + 2 * aColumnStride];
            double s13 = alpha * a[aik1 + 3 * aColumnStride];
            double[] t0 = panel[0];
            double[] t1 = panel[1];
            double[] t2 = panel[2];
            double[] t3 = panel[3];
            for (int j = 0; j < columns; j++) {
                double u0 = t0[j];
                double u1 = t1[j];
                double u2 = t2[j];
                double u3 = t3[j];
                acc0[j] = 0.0 + (s00 * u0 + s01 * u1 + s02 * u2 + s03 * u3);
                acc1[j] = 0.0 + (s10 * u0 + s11 * u1 + s12 * u2 + s13 * u3);
            }
            return 4;
        }
        if (depth >= 2) {
            double s00 = alpha * a[aik0];
            double s01 = alpha * a[aik0 + aColumnStride];
            double s10 = alpha * a[aik1];
            double s11 = alpha * a[aik1 + aColumnStride];
            double[] t0 = panel[0];
            double[] t1 = panel[1];
            for (int j = 0; j < columns; j++) {
                double u0 = t0[j];
                double u1 = t1[j];
                acc0[j] = 0.0 + s00 * u0 + s01 * u1;
                acc1[j] = 0.0 + s10 * u0 + s11 * u1;
            }
            return 2;
        }
        double s0 = alpha * a[aik0];
        double s1 = alpha * a[aik1];
        double[] t = panel[0];
        for (int j = 0; j < columns; j++) {
            acc0[j] = 0.0 + s0 * t[j];
            acc1[j] = 0.0 + s1 * t[j];
        }
        return 1;
    }

    /**
     * {@link #accumulate} for two rows of op(A) at once, from term {@code firstP} of the panel: each panel element
     * loaded serves both rows, each row's terms grouped and added exactly as there.
     */
    private void accumulateTwoRows(int firstP, int depth, int columns, double alpha, double[] a, int aik0, int aik1,
            int aColumnStride, double[] acc0, double[] acc1) {
        int p = firstP;
        for (; p + 3 < depth; p += 4) {
            double s00 = alpha * a[aik0];
            double s01 = alpha * a[aik0 + aColumnStride];
            double s02 = alpha * a[aik0 + 2 * aColumnStride];
            double s03 = alpha * a[aik0 + 3 * aColumnStride];
            double s10 = alpha * a[aik1];
            double s11 = alpha * a[aik1 + aColumnStride];
            double s12 = alpha * a[aik1 + 2 * aColumnStride];
            double s13 = alpha * a[aik1 + 3 * aColumnStride];
            aik0 += 4 * aColumnStride;
            aik1 += 4 * aColumnStride;
            double[] t0 = panel[p];
            double[] t1 = panel[p + 1];
            double[] t2 = panel[p + 2];
            double[] t3 = panel[p + 3];
            for (int j = 0; j < columns; j++) {
                double u0 = t0[j];
                double u1 = t1[j];
                double u2 = t2[j];
                double u3 = t3[j];
                acc0[j] += s00 * u0 + s01 * u1 + s02 * u2 + s03 * u3;
                acc1[j] += s10 * u0 + s11 * u1 + s12 * u2 + s13 * u3;
            }
        }
        // the last depth mod 4 terms one by one, two per pass (two additions in a row, in order)
        for (; p + 1 < depth; p += 2) {
            double s00 = alpha * a[aik0];
            double s01 = alpha * a[aik0 + aColumnStride];
            double s10 = alpha * a[aik1];
            double s11 = alpha * a[aik1 + aColumnStride];
            aik0 += 2 * aColumnStride;
            aik1 += 2 * aColumnStride;
            double[] t0 = panel[p];
            double[] t1 = panel[p + 1];
            for (int j = 0; j < columns; j++) {
                double u0 = t0[j];
                double u1 = t1[j];
                acc0[j] = acc0[j] + s00 * u0 + s01 * u1;
                acc1[j] = acc1[j] + s10 * u0 + s11 * u1;
            }
        }
        if (p < depth) {
            double s0 = alpha * a[aik0];
            double s1 = alpha * a[aik1];
            double[] t = panel[p];
            for (int j = 0; j < columns; j++) {
                acc0[j] += s0 * t[j];
                acc1[j] += s1 * t[j];
            }
        }
    }

    /** {@code acc[j] += Σ_p alpha op(A)[i, p] · panel[p][j]}, four p per term group as in {@code gemmAxpyForm}. */
    private void accumulate(int depth, int columns, double alpha, double[] a, int aik, int aColumnStride, double[] acc) {
        int p = 0;
        for (; p + 3 < depth; p += 4) {
            double s0 = alpha * a[aik];
            double s1 = alpha * a[aik + aColumnStride];
            double s2 = alpha * a[aik + 2 * aColumnStride];
            double s3 = alpha * a[aik + 3 * aColumnStride];
            aik += 4 * aColumnStride;
            double[] t0 = panel[p];
            double[] t1 = panel[p + 1];
            double[] t2 = panel[p + 2];
            double[] t3 = panel[p + 3];
            for (int j = 0; j < columns; j++) {
                acc[j] += s0 * t0[j] + s1 * t1[j] + s2 * t2[j] + s3 * t3[j];
            }
        }
        for (; p < depth; p++) {
            double s = alpha * a[aik];
            aik += aColumnStride;
            double[] t = panel[p];
            for (int j = 0; j < columns; j++) {
                acc[j] += s * t[j];
            }
        }
    }
}

package org.engram.compute.java;

/**
 * {@code C = alpha op(A) B + beta C} (B [k, n] row-major) as vector code: the axpy form of
 * {@link JavaComputeBackend}'s {@code gemmAxpyForm}, with the same arithmetic, on copies. C2 (JDK 17) does not
 * vectorise {@code c[cRow + j] += s * b[bRow + j]}, whose arrays carry different offsets (either could be the other
 * array), so the rows of B it needs are copied into arrays of their own and each row of C into an accumulator, all
 * indexed by j alone; {@link System#arraycopy} costs a fraction of the multiply-adds it enables. The terms are
 * grouped as there, four p at a time from p = 0 and each group summed before it is added to C (the panel depth is a
 * multiple of four, so the groups do not move), so every element gets the same bits.
 *
 * <p>One instance per thread: it owns its fixed-size panels (about 100 KiB), so calls allocate nothing.
 */
final class CopiedRowsProduct {

    /** Columns of C from which the vector loop pays; narrower products stay on the scalar kernel. */
    static final int MIN_COLUMNS = 32;
    /** Rows of B per panel: a multiple of four, so that the four-term groups stay where the scalar kernel has them. */
    static final int P_BLOCK = 16;
    /** Columns per panel: 16 rows of 512 doubles are 64 KiB, within the L2 cache beside C's row. */
    static final int J_BLOCK = 512;

    private final double[][] panel = new double[P_BLOCK][J_BLOCK];
    private final double[] accumulator = new double[J_BLOCK];

    /**
     * op(A)[i, p] at {@code a[aOffset + i * aRowStride + p * aColumnStride]}; C scaled by beta before the call. B's
     * rows {@code ldb} apart and C's {@code ldc} (n for a whole product, more for a block of its columns).
     */
    void multiplyAdd(int m, int n, int k, double alpha, double[] a, int aOffset, int aRowStride, int aColumnStride,
            double[] b, int bOffset, int ldb, double[] c, int cOffset, int ldc) {
        double[] acc = accumulator;
        for (int j0 = 0; j0 < n; j0 += J_BLOCK) {
            int columns = Math.min(J_BLOCK, n - j0);
            for (int p0 = 0; p0 < k; p0 += P_BLOCK) {
                int depth = Math.min(P_BLOCK, k - p0);
                for (int p = 0; p < depth; p++) {
                    System.arraycopy(b, bOffset + (p0 + p) * ldb + j0, panel[p], 0, columns);
                }
                for (int i = 0; i < m; i++) {
                    int cRow = cOffset + i * ldc + j0;
                    System.arraycopy(c, cRow, acc, 0, columns);
                    accumulate(depth, columns, alpha, a, aOffset + i * aRowStride + p0 * aColumnStride, aColumnStride, acc);
                    System.arraycopy(acc, 0, c, cRow, columns);
                }
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

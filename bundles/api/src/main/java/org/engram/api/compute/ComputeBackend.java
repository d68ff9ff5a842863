package org.engram.api.compute;

import org.engram.api.Plugin;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Dense FP64 linear algebra on row-major {@code double[]} arrays with offsets, the operations the
 * hot path batches (layer forward over a window, weight gradients, the reservoir's recurrent step).
 * Small per-sample work stays in plain loops in the caller; see docs/architecture.md.
 * Implementations are stateless and safe to call from several trials at once.
 */
@ConsumerType
public interface ComputeBackend extends Plugin {

    /**
     * General matrix product {@code C = alpha * op(A) * op(B) + beta * C}, all row-major.
     *
     * @param transA use Aᵀ; A is stored [k, m] if set, else [m, k]
     * @param transB use Bᵀ; B is stored [n, k] if set, else [k, n]
     * @param m      rows of op(A) and C
     * @param n      columns of op(B) and C
     * @param k      inner dimension
     * @param c      [m, n], read only when beta != 0
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
            double[] b, int bOffset, double beta, double[] c, int cOffset);

    /**
     * Matrix-vector product {@code y = alpha * op(A) * x + beta * y}; A is stored [m, n] row-major.
     *
     * @param x [n] (or [m] if transA)
     * @param y [m] (or [n] if transA), read only when beta != 0
     */
    void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOffset, double[] x, int xOffset,
            double beta, double[] y, int yOffset);

    /** Rank-one update {@code A += alpha * x yᵀ}; A is [m, n] row-major, x is [m], y is [n]. */
    void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y, int yOffset, double[] a, int aOffset);

    /** What does the arithmetic, for provenance, e.g. {@code "ND4J 1.0.0-M2.1, OpenBLAS 0.3.19"}. */
    String implementation();
}

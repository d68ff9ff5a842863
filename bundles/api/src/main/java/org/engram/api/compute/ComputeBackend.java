package org.engram.api.compute;

import java.util.function.IntConsumer;
import org.engram.api.Plugin;
import org.engram.api.param.Parameters;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Dense FP64 linear algebra on row-major {@code double[]} arrays with offsets, the operations the
 * hot path batches (layer forward over a window, weight gradients, the reservoir's recurrent step).
 * Small per-sample work stays in plain loops in the caller; see docs/architecture.md.
 * Implementations are stateless and safe to call from several trials at once.
 *
 * <p>Since 1.1 a fixed matrix can be {@link #upload uploaded} once and multiplied many times
 * ({@link #gemv(boolean, double, ResidentMatrix, double[], int, double, double[], int)}), so a backend that
 * keeps its operands elsewhere (native memory, a device) copies only the vectors per call. The defaults keep
 * a private heap copy and use the array {@link #gemv(boolean, int, int, double, double[], int, double[], int,
 * double, double[], int) gemv}, so every backend accepts the calls; a backend overrides both or neither.
 *
 * <p>Since 1.2 the engine runs each trial on a {@link #forTrial view} made for it: the trial's backend parameters
 * and the threads it may use, which the view may spend on large products and lends to the trial's other loops
 * ({@link #inParallel}). The defaults return the backend itself, on one thread.
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

    /**
     * Copies {@code a[aOffset ..]}, a [rows, columns] row-major region, into a {@link ResidentMatrix} held by
     * this backend in its preferred form, for repeated products with the resident {@code gemv}. The default
     * keeps a private {@code double[]} copy.
     *
     * <p>A backend may store the matrix sparsely. Its products then skip stored zeros, as sparse BLAS does:
     * they are within rounding of the dense product for finite vectors, but an infinite or NaN entry of x
     * that meets only zeros of A need not make y NaN.
     *
     * @param a [rows, columns] row-major from {@code aOffset}; not kept, not changed
     * @return the matrix, to be used with this backend only; closing it is optional (see {@link ResidentMatrix})
     * @throws IllegalArgumentException  if a dimension is negative
     * @throws IndexOutOfBoundsException if the region is not inside {@code a}
     * @since 1.1
     */
    default ResidentMatrix upload(double[] a, int aOffset, int rows, int columns) {
        return new HeapResidentMatrix(this, a, aOffset, rows, columns);
    }

    /**
     * Matrix-vector product {@code y = alpha * op(A) * x + beta * y} with a matrix this backend
     * {@link #upload uploaded}; as the array {@code gemv} with A stored [rows, columns]. Only x and y are
     * passed per call. The default multiplies its heap copy with the array {@code gemv}.
     *
     * @param a made by this backend's {@link #upload}, not closed
     * @param x [a.columns()] (or [a.rows()] if transA)
     * @param y [a.rows()] (or [a.columns()] if transA), read only when beta != 0
     * @throws IllegalArgumentException  if {@code a} was made by another backend (object)
     * @throws IllegalStateException     if {@code a} was closed
     * @throws IndexOutOfBoundsException if x or y is too short
     * @since 1.1
     */
    default void gemv(boolean transA, double alpha, ResidentMatrix a, double[] x, int xOffset, double beta,
            double[] y, int yOffset) {
        double[] values = HeapResidentMatrix.valuesFor(this, a);
        gemv(transA, a.rows(), a.columns(), alpha, values, 0, x, xOffset, beta, y, yOffset);
    }

    /** Rank-one update {@code A += alpha * x yᵀ}; A is [m, n] row-major, x is [m], y is [n]. */
    void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y, int yOffset, double[] a, int aOffset);

    /**
     * This backend for one trial: configured with the trial's backend parameters (as resolved against
     * {@link #parameters()}) and allowed {@code threads} threads, the share of the machine whoever runs the trial
     * gives it (all cores for a lone trial, fewer when trials run side by side). A view that uses threads must give
     * the same bits as on one thread. The engine {@link #close closes} the view when the trial ends, unless it is
     * this backend itself. The default is this backend, on one thread.
     *
     * @param threads at least 1
     * @return a view for this trial only, used from the trial's thread; or this backend
     * @since 1.2
     */
    default ComputeBackend forTrial(Parameters parameters, int threads) {
        return this;
    }

    /**
     * The threads this backend (view) computes with, for {@link #inParallel} to size its parts and for provenance.
     *
     * @since 1.2
     */
    default int threads() {
        return 1;
    }

    /**
     * Runs {@code part.accept(0)} .. {@code part.accept(parts − 1)}, possibly at once on up to {@link #threads()}
     * threads, and returns when all are done; the first exception a part throws is rethrown here. Each part must
     * write only data no other part reads or writes, so the results do not depend on the threads. For the trial's
     * own loops (an optimizer's update of a large layer); not reentrant. The default runs them in order here.
     *
     * @since 1.2
     */
    default void inParallel(int parts, IntConsumer part) {
        for (int i = 0; i < parts; i++) {
            part.accept(i);
        }
    }

    /**
     * Ends what {@link #forTrial} started (its threads); the engine calls it on a view once its trial is over, never
     * on the backend service itself. The default does nothing.
     *
     * @since 1.2
     */
    default void close() {
    }

    /** What does the arithmetic, for provenance, e.g. {@code "ND4J 1.0.0-M2.1, OpenBLAS 0.3.19"}. */
    String implementation();
}

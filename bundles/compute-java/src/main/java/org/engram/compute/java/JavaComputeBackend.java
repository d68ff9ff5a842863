package org.engram.compute.java;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import org.engram.api.EngramBackend;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.compute.ResidentMatrix;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * FP64 BLAS-like kernels in plain Java loops, allocation-free; single-threaded, except in a trial's view
 * ({@link #forTrial}) allowed several threads, which splits large products by columns of C over a team of the trial's
 * own threads, each C element computed exactly as on one thread.
 *
 * <p>Every loop nest is ordered so that its innermost loop walks memory contiguously: the axpy form
 * {@code c[j] += s * b[j]} (which C2 vectorises) where C's row and one operand's row share the inner index,
 * register-blocked dot products otherwise. Two kernels copy operands so that C2 vectorises them: {@code A Bᵀ}
 * with several rows of A transposes panels of B ({@link PackedRowProduct}), keeping the dot products' summation
 * order, and {@code op(A) B} copies rows of B and C into arrays of their own ({@link CopiedRowsProduct}), keeping
 * the axpy form's. Operations on the same row are unrolled four ways so that each load and store of C serves four
 * multiply-adds. Summation order therefore differs from a naive loop by rounding only.
 *
 * <p>A resident matrix ({@link #upload}) is a heap copy, stored as compressed sparse rows when at most
 * {@link JavaResidentMatrix#SPARSE_DENSITY} of it is nonzero (a reservoir's recurrent weights: 10 %), else dense.
 * The sparse product without transpose sums each row's nonzero terms in the dense kernel's order, so it is
 * bit-identical to the array {@code gemv} for finite x (a skipped term is a zero, which leaves such a sum as it is).
 */
@Component(service = ComputeBackend.class)
@EngramBackend("java")
public final class JavaComputeBackend implements ComputeBackend {

    /**
     * Products of at least this many multiply-adds are split over a trial's threads: 2^16 take 6–17 µs on one core
     * (the vector kernels' rate to the one-row dot products'), several times a team's handoff (about 1 µs while its
     * helpers spin); smaller ones stay serial. 2^16 rather than 2^17 splits the one-row forward through a 784 × 128
     * layer, which IB-Hebbian's STORED steps run: on two threads their median step went from 63–66 to 54–60 µs
     * (`EpochBench --time ib:8:STORED --steps 30000 --threads 2`, four alternating rounds, idle).
     */
    static final long SPLIT_MULTIPLY_ADDS = 1L << 16;
    /** Each block has at least this many columns of C, so the packed kernels stay on their vector loops. */
    static final int SPLIT_COLUMNS = 32;
    /**
     * Blocks per thread. One: measured on the 8 × 784 × 128 forward, two blocks of 64 columns ran 1.7× faster than
     * one thread, four of 32 only 1.25× (narrower panels, A read twice as often). On a loaded machine a helper that
     * loses its core mid-block then holds the product up by its whole block; the optimizers, whose parts cost the
     * same whatever their size, cut theirs finer.
     */
    static final int PARTS_PER_THREAD = 1;

    /** The backend's parameters. */
    record Settings(
            @Parameter(defaultValue = "0", min = 0, max = 1024,
                    description = "threads one trial computes with; 0 (default): the trial's share of the cores (all "
                            + "of them for a lone trial, cores / trials running at once in a study), each region shared "
                            + "only while sharing measures faster than one thread; 1: one thread; results are the same "
                            + "bits whatever the number")
            int threads) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    /** The trial's threads in a view from {@link #forTrial} with more than one; null for the service and one thread. */
    private final WorkerTeam team;
    /** With a team: the product it is splitting. */
    private final Split split;
    /** With a team: the sparse matrix-vector product it is splitting. */
    private final SparseRowsSplit sparseSplit;

    /** The packed {@code A Bᵀ} kernel's panels, one set per calling thread (trials run on a pool). */
    private final ThreadLocal<PackedRowProduct> packed;
    /** The copied-rows {@code op(A) B} kernel's panels, likewise. */
    private final ThreadLocal<CopiedRowsProduct> copied;

    /** The service: one thread. */
    public JavaComputeBackend() {
        this(null, ThreadLocal.withInitial(PackedRowProduct::new), ThreadLocal.withInitial(CopiedRowsProduct::new));
    }

    /**
     * A trial's view shares the service's panels: a pool thread that runs trial after trial keeps one set, not one
     * per trial left for the garbage collector's weak references to clear.
     */
    private JavaComputeBackend(WorkerTeam team, ThreadLocal<PackedRowProduct> packed, ThreadLocal<CopiedRowsProduct> copied) {
        this.team = team;
        this.split = team == null ? null : new Split();
        this.sparseSplit = team == null ? null : new SparseRowsSplit();
        this.packed = packed;
        this.copied = copied;
    }

    /**
     * A view on {@code threads} threads, or the {@code threads} parameter's number when set: the calling (trial's)
     * thread and a team of helpers, made here and ended by {@link #close}.
     */
    @Override
    public ComputeBackend forTrial(Parameters parameters, int threads) {
        int chosen = Settings.PARAMETERS.read(parameters).threads();
        int count = chosen > 0 ? chosen : Math.max(1, threads);
        return new JavaComputeBackend(count == 1 ? null : new WorkerTeam(count, "engram-compute"), packed, copied);
    }

    @Override
    public int threads() {
        return team == null ? 1 : team.threads();
    }

    @Override
    public void inParallel(int parts, IntConsumer part) {
        if (team == null) {
            ComputeBackend.super.inParallel(parts, part);
        } else {
            team.run(parts, part);
        }
    }

    @Override
    public void close() {
        if (team != null) {
            team.close();
        }
    }

    @Override
    public String description() {
        return "Dense FP64 linear algebra in plain Java loops; fastest for small layers and per-sample work";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public String implementation() {
        return "pure Java FP64 (JIT)";
    }

    // ---------------------------------------------------------------------------------------------- gemm

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
            double[] b, int bOffset, double beta, double[] c, int cOffset) {
        Regions.checkDimensions("gemm", m, n, k);
        Regions.check("A", a, aOffset, (long) m * k);
        Regions.check("B", b, bOffset, (long) k * n);
        Regions.check("C", c, cOffset, (long) m * n);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0) {
            scale(c, cOffset, m * n, beta);
            return;
        }
        if (team != null && (long) m * n * k >= SPLIT_MULTIPLY_ADDS && n >= 2 * SPLIT_COLUMNS && team.sharing()) {
            splitColumns(transA, transB, m, n, k, alpha, a, aOffset, b, bOffset, beta, c, cOffset);
        } else {
            product(transA, transB, m, n, n, k, alpha, a, aOffset, b, bOffset, beta, c, cOffset);
        }
    }

    /**
     * The product split into column blocks of C (output units), one per thread: every C element is computed by
     * the same operations in the same order whichever columns its call covers (see {@link #product}), so the result
     * is the serial one bit for bit. Columns, not rows: each thread then reads (and the packed kernel transposes)
     * only its share of B, the weights.
     */
    private void splitColumns(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
            double[] b, int bOffset, double beta, double[] c, int cOffset) {
        int parts = Math.min(PARTS_PER_THREAD * team.threads(), n / SPLIT_COLUMNS);
        Split split = this.split;
        split.set(transA, transB, m, n, k, alpha, a, aOffset, b, bOffset, beta, c, cOffset, parts);
        try {
            team.run(parts, split);
        } finally {
            split.set(false, false, 0, 0, 0, 0, null, 0, null, 0, 0, null, 0, 0);
        }
    }

    /**
     * The split product under way, one column block per part: its arguments in plain fields (the team's handoff
     * publishes them to the helpers), so that a split product allocates nothing. Cleared afterwards so no array
     * outlives its product here.
     */
    private final class Split implements IntConsumer {
        private boolean transA;
        private boolean transB;
        private int m;
        private int n;
        private int k;
        private double alpha;
        private double[] a;
        private int aOffset;
        private double[] b;
        private int bOffset;
        private double beta;
        private double[] c;
        private int cOffset;
        private int parts;

        void set(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset, double[] b,
                int bOffset, double beta, double[] c, int cOffset, int parts) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOffset = aOffset;
            this.b = b;
            this.bOffset = bOffset;
            this.beta = beta;
            this.c = c;
            this.cOffset = cOffset;
            this.parts = parts;
        }

        @Override
        public void accept(int part) {
            // block edges on multiples of 8 columns keep the vector loops whole
            int block = (n / parts + 7) & ~7;
            int j0 = Math.min(n, part * block);
            int j1 = part == parts - 1 ? n : Math.min(n, j0 + block);
            if (j1 > j0) {
                // op(B)'s columns j0.. start at row j0 of a stored [n, k] B, at column j0 of a stored [k, n] one
                product(transA, transB, m, j1 - j0, n, k, alpha, a, aOffset, b, bOffset + (transB ? j0 * k : j0), beta,
                        c, cOffset + j0);
            }
        }
    }

    /**
     * C's columns {@code [0, columns)} from {@code cOffset}, C's rows {@code stride} apart (also B's when B is stored
     * [k, n]): the whole product when {@code columns == stride}. Every kernel computes each C element on its own, by
     * the same operations whichever other columns the call covers.
     */
    private void product(boolean transA, boolean transB, int m, int columns, int stride, int k, double alpha, double[] a,
            int aOffset, double[] b, int bOffset, double beta, double[] c, int cOffset) {
        int n = columns;
        if (!transB) {
            // op(B) rows are contiguous: C row i += sum over p of op(A)[i, p] * B row p
            int aRowStride = transA ? 1 : k;
            int aColumnStride = transA ? m : 1;
            if (n >= CopiedRowsProduct.MIN_COLUMNS) {
                // beta = 0: the kernel overwrites C, so a pass clearing it first is saved
                boolean overwrite = beta == 0;
                if (!overwrite) {
                    scaleRows(c, cOffset, m, n, stride, beta);
                }
                copied.get().multiplyAdd(m, n, k, alpha, a, aOffset, aRowStride, aColumnStride, b, bOffset, stride, c,
                        cOffset, stride, overwrite);
            } else {
                gemmAxpyForm(m, n, k, alpha, a, aOffset, aRowStride, aColumnStride, b, bOffset, stride, beta, c, cOffset,
                        stride);
            }
        } else if (!transA) {
            if (m >= PackedRowProduct.MIN_ROWS && n >= PackedRowProduct.MIN_COLUMNS) {
                packed.get().multiply(m, n, k, alpha, a, aOffset, b, bOffset, beta, c, cOffset, stride);
            } else {
                gemmRowDotRow(m, n, k, alpha, a, aOffset, b, bOffset, beta, c, cOffset, stride);
            }
        } else {
            gemmColumnDotRow(m, n, k, alpha, a, aOffset, b, bOffset, beta, c, cOffset, stride);
        }
    }

    /**
     * {@code C = alpha op(A) B + beta C} with B [k, n] row-major, op(A)[i, p] at
     * {@code a[aOffset + i * aRowStride + p * aColumnStride]}: i-p-j order, inner loop contiguous over C and B.
     * Narrow products only; from {@link CopiedRowsProduct#MIN_COLUMNS} columns {@link CopiedRowsProduct} does the
     * same arithmetic as vector code.
     */
    private static void gemmAxpyForm(int m, int n, int k, double alpha, double[] a, int aOffset, int aRowStride,
            int aColumnStride, double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            int cRow = cOffset + i * ldc;
            scale(c, cRow, n, beta);
            int aik = aOffset + i * aRowStride;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                double s0 = alpha * a[aik];
                double s1 = alpha * a[aik + aColumnStride];
                double s2 = alpha * a[aik + 2 * aColumnStride];
                double s3 = alpha * a[aik + 3 * aColumnStride];
                aik += 4 * aColumnStride;
                int b0 = bOffset + p * ldb;
                int b1 = b0 + ldb;
                int b2 = b1 + ldb;
                int b3 = b2 + ldb;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += s0 * b[b0 + j] + s1 * b[b1 + j] + s2 * b[b2 + j] + s3 * b[b3 + j];
                }
            }
            for (; p < k; p++) {
                double s = alpha * a[aik];
                aik += aColumnStride;
                int b0 = bOffset + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += s * b[b0 + j];
                }
            }
        }
    }

    /**
     * {@code C = alpha A Bᵀ + beta C}, A [m, k], B stored [n, k]: each C element is a dot of two rows. Two rows
     * of A against four of B per pass: eight independent sums keep both of the CPU's adders busy and every loaded
     * element serves two or four products. Each sum still runs over p in order from zero, so the results are the
     * bits a plain dot product gives (the rules' checksum tests pin them).
     */
    private static void gemmRowDotRow(int m, int n, int k, double alpha, double[] a, int aOffset, double[] b,
            int bOffset, double beta, double[] c, int cOffset, int ldc) {
        int i = 0;
        for (; i + 1 < m; i += 2) {
            int a0 = aOffset + i * k;
            int a1 = a0 + k;
            int c0 = cOffset + i * ldc;
            int c1 = c0 + ldc;
            int j = 0;
            for (; j + 3 < n; j += 4) {
                int b0 = bOffset + j * k;
                int b1 = b0 + k;
                int b2 = b1 + k;
                int b3 = b2 + k;
                double s00 = 0;
                double s01 = 0;
                double s02 = 0;
                double s03 = 0;
                double s10 = 0;
                double s11 = 0;
                double s12 = 0;
                double s13 = 0;
                for (int p = 0; p < k; p++) {
                    double x0 = a[a0 + p];
                    double x1 = a[a1 + p];
                    double w0 = b[b0 + p];
                    double w1 = b[b1 + p];
                    double w2 = b[b2 + p];
                    double w3 = b[b3 + p];
                    s00 += x0 * w0;
                    s01 += x0 * w1;
                    s02 += x0 * w2;
                    s03 += x0 * w3;
                    s10 += x1 * w0;
                    s11 += x1 * w1;
                    s12 += x1 * w2;
                    s13 += x1 * w3;
                }
                store4(alpha, s00, s01, s02, s03, beta, c, c0 + j);
                store4(alpha, s10, s11, s12, s13, beta, c, c1 + j);
            }
            if (j < n) {
                // the last n mod 4 columns, row by row
                rowDotRows(n - j, k, alpha, a, a0, b, bOffset + j * k, beta, c, c0 + j);
                rowDotRows(n - j, k, alpha, a, a1, b, bOffset + j * k, beta, c, c1 + j);
            }
        }
        if (i < m) {
            rowDotRows(n, k, alpha, a, aOffset + i * k, b, bOffset, beta, c, cOffset + i * ldc);
        }
    }

    /** One row of A against every row of B, four rows of B per pass: the odd rows and columns of {@link #gemmRowDotRow}. */
    private static void rowDotRows(int n, int k, double alpha, double[] a, int aRow, double[] b, int bOffset, double beta,
            double[] c, int cRow) {
        int j = 0;
        for (; j + 3 < n; j += 4) {
            int b0 = bOffset + j * k;
            int b1 = b0 + k;
            int b2 = b1 + k;
            int b3 = b2 + k;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int p = 0; p < k; p++) {
                double ap = a[aRow + p];
                s0 += ap * b[b0 + p];
                s1 += ap * b[b1 + p];
                s2 += ap * b[b2 + p];
                s3 += ap * b[b3 + p];
            }
            store4(alpha, s0, s1, s2, s3, beta, c, cRow + j);
        }
        for (; j < n; j++) {
            int b0 = bOffset + j * k;
            double s = 0;
            for (int p = 0; p < k; p++) {
                s += a[aRow + p] * b[b0 + p];
            }
            c[cRow + j] = combine(alpha, s, beta, c, cRow + j);
        }
    }

    private static void store4(double alpha, double s0, double s1, double s2, double s3, double beta, double[] c, int at) {
        c[at] = combine(alpha, s0, beta, c, at);
        c[at + 1] = combine(alpha, s1, beta, c, at + 1);
        c[at + 2] = combine(alpha, s2, beta, c, at + 2);
        c[at + 3] = combine(alpha, s3, beta, c, at + 3);
    }

    /**
     * {@code C = alpha Aᵀ Bᵀ + beta C}, A stored [k, m], B stored [n, k]. No order makes every access
     * contiguous; four adjacent columns of A (contiguous within each of A's rows) share each B element.
     */
    private static void gemmColumnDotRow(int m, int n, int k, double alpha, double[] a, int aOffset, double[] b,
            int bOffset, double beta, double[] c, int cOffset, int ldc) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            for (int j = 0; j < n; j++) {
                int bRow = bOffset + j * k;
                int ap = aOffset + i;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int p = 0; p < k; p++) {
                    double bp = b[bRow + p];
                    s0 += a[ap] * bp;
                    s1 += a[ap + 1] * bp;
                    s2 += a[ap + 2] * bp;
                    s3 += a[ap + 3] * bp;
                    ap += m;
                }
                int cij = cOffset + i * ldc + j;
                c[cij] = combine(alpha, s0, beta, c, cij);
                c[cij + ldc] = combine(alpha, s1, beta, c, cij + ldc);
                c[cij + 2 * ldc] = combine(alpha, s2, beta, c, cij + 2 * ldc);
                c[cij + 3 * ldc] = combine(alpha, s3, beta, c, cij + 3 * ldc);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int bRow = bOffset + j * k;
                int ap = aOffset + i;
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[ap] * b[bRow + p];
                    ap += m;
                }
                int cij = cOffset + i * ldc + j;
                c[cij] = combine(alpha, s, beta, c, cij);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- gemv

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOffset, double[] x, int xOffset,
            double beta, double[] y, int yOffset) {
        Regions.checkDimensions("gemv", m, n, 0);
        int xLength = transA ? m : n;
        int yLength = transA ? n : m;
        Regions.check("A", a, aOffset, (long) m * n);
        Regions.check("x", x, xOffset, xLength);
        Regions.check("y", y, yOffset, yLength);
        if (yLength == 0) {
            return;
        }
        if (xLength == 0 || alpha == 0) {
            scale(y, yOffset, yLength, beta);
            return;
        }
        if (transA) {
            gemvTransposed(m, n, alpha, a, aOffset, x, xOffset, beta, y, yOffset);
        } else {
            gemvRows(m, n, alpha, a, aOffset, x, xOffset, beta, y, yOffset);
        }
    }

    /** {@code y = alpha A x + beta y}: dot products of four rows of A at a time with x. */
    private static void gemvRows(int m, int n, double alpha, double[] a, int aOffset, double[] x, int xOffset,
            double beta, double[] y, int yOffset) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int a0 = aOffset + i * n;
            int a1 = a0 + n;
            int a2 = a1 + n;
            int a3 = a2 + n;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int j = 0; j < n; j++) {
                double xj = x[xOffset + j];
                s0 += a[a0 + j] * xj;
                s1 += a[a1 + j] * xj;
                s2 += a[a2 + j] * xj;
                s3 += a[a3 + j] * xj;
            }
            int yi = yOffset + i;
            y[yi] = combine(alpha, s0, beta, y, yi);
            y[yi + 1] = combine(alpha, s1, beta, y, yi + 1);
            y[yi + 2] = combine(alpha, s2, beta, y, yi + 2);
            y[yi + 3] = combine(alpha, s3, beta, y, yi + 3);
        }
        for (; i < m; i++) {
            int a0 = aOffset + i * n;
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += a[a0 + j] * x[xOffset + j];
            }
            y[yOffset + i] = combine(alpha, s, beta, y, yOffset + i);
        }
    }

    /** {@code y = alpha Aᵀ x + beta y}: y += (alpha x[i]) A row i, four rows per pass over y. */
    private static void gemvTransposed(int m, int n, double alpha, double[] a, int aOffset, double[] x, int xOffset,
            double beta, double[] y, int yOffset) {
        scale(y, yOffset, n, beta);
        int i = 0;
        for (; i + 3 < m; i += 4) {
            double s0 = alpha * x[xOffset + i];
            double s1 = alpha * x[xOffset + i + 1];
            double s2 = alpha * x[xOffset + i + 2];
            double s3 = alpha * x[xOffset + i + 3];
            int a0 = aOffset + i * n;
            int a1 = a0 + n;
            int a2 = a1 + n;
            int a3 = a2 + n;
            for (int j = 0; j < n; j++) {
                y[yOffset + j] += s0 * a[a0 + j] + s1 * a[a1 + j] + s2 * a[a2 + j] + s3 * a[a3 + j];
            }
        }
        for (; i < m; i++) {
            double s = alpha * x[xOffset + i];
            int a0 = aOffset + i * n;
            for (int j = 0; j < n; j++) {
                y[yOffset + j] += s * a[a0 + j];
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- resident

    @Override
    public ResidentMatrix upload(double[] a, int aOffset, int rows, int columns) {
        Regions.checkDimensions("upload", rows, columns, 0);
        Regions.check("A", a, aOffset, (long) rows * columns);
        return JavaResidentMatrix.copyOf(this, a, aOffset, rows, columns);
    }

    @Override
    public void gemv(boolean transA, double alpha, ResidentMatrix a, double[] x, int xOffset, double beta, double[] y,
            int yOffset) {
        JavaResidentMatrix matrix = JavaResidentMatrix.check(this, a);
        double[] dense = matrix.dense();
        int m = matrix.rows();
        int n = matrix.columns();
        if (dense != null) {
            gemv(transA, m, n, alpha, dense, 0, x, xOffset, beta, y, yOffset);
            return;
        }
        JavaResidentMatrix.Csr csr = matrix.sparse();
        int xLength = transA ? m : n;
        int yLength = transA ? n : m;
        Regions.check("x", x, xOffset, xLength);
        Regions.check("y", y, yOffset, yLength);
        if (yLength == 0) {
            return;
        }
        if (xLength == 0 || alpha == 0) {
            scale(y, yOffset, yLength, beta);
            return;
        }
        if (transA) {
            gemvSparseTransposed(m, alpha, csr, x, xOffset, beta, y, yOffset, n);
        } else if (team != null && csr.value().length >= SPLIT_MULTIPLY_ADDS && team.sharing()) {
            SparseRowsSplit split = sparseSplit;
            split.set(alpha, csr, x, xOffset, beta, y, yOffset, team.threads());
            try {
                team.run(split.parts, split);
            } finally {
                split.set(0, null, null, 0, 0, null, 0, 0);
            }
        } else {
            gemvSparseRows(0, m, alpha, csr, x, xOffset, beta, y, yOffset);
        }
    }

    /**
     * The sparse {@code y = alpha A x + beta y} under way, one block of rows per part, cut where each holds about as
     * many nonzeros: every row is summed as on one thread, so the result is the same bits. Plain fields, as in
     * {@link Split}, so a split product allocates nothing.
     */
    private static final class SparseRowsSplit implements IntConsumer {
        private double alpha;
        private JavaResidentMatrix.Csr csr;
        private double[] x;
        private int xOffset;
        private double beta;
        private double[] y;
        private int yOffset;
        private int parts;

        void set(double alpha, JavaResidentMatrix.Csr csr, double[] x, int xOffset, double beta, double[] y, int yOffset,
                int parts) {
            this.alpha = alpha;
            this.csr = csr;
            this.x = x;
            this.xOffset = xOffset;
            this.beta = beta;
            this.y = y;
            this.yOffset = yOffset;
            this.parts = parts;
        }

        @Override
        public void accept(int part) {
            int from = firstRowAtShare(part);
            int to = firstRowAtShare(part + 1);
            if (to > from) {
                gemvSparseRows(from, to, alpha, csr, x, xOffset, beta, y, yOffset);
            }
        }

        /** The first row whose nonzeros start at or after {@code part / parts} of them (all rows for the last). */
        private int firstRowAtShare(int part) {
            int[] rowStart = csr.rowStart();
            int rows = rowStart.length - 1;
            if (part >= parts) {
                return rows;
            }
            long share = (long) rowStart[rows] * part / parts;
            int found = Arrays.binarySearch(rowStart, 0, rows, (int) share);
            if (found < 0) {
                return -found - 1;
            }
            while (found > 0 && rowStart[found - 1] == share) {
                found--; // the first of several empty rows starting there
            }
            return found;
        }
    }

    /**
     * {@code y = alpha A x + beta y} for rows {@code [rowFrom, rowTo)}, A in CSR: each row's nonzero terms summed in column order from +0, as
     * {@link #gemvRows} sums all of them. The terms skipped are ±0 for finite x, and adding ±0 to a sum that
     * started at +0 never changes it (the sum is never −0), so the results are the dense kernel's bit for bit.
     */
    private static void gemvSparseRows(int rowFrom, int rowTo, double alpha, JavaResidentMatrix.Csr csr, double[] x,
            int xOffset, double beta, double[] y, int yOffset) {
        int[] rowStart = csr.rowStart();
        int[] column = csr.column();
        double[] value = csr.value();
        for (int i = rowFrom; i < rowTo; i++) {
            double s = 0;
            int end = rowStart[i + 1];
            for (int k = rowStart[i]; k < end; k++) {
                s += value[k] * x[xOffset + column[k]];
            }
            y[yOffset + i] = combine(alpha, s, beta, y, yOffset + i);
        }
    }

    /** {@code y = alpha Aᵀ x + beta y}, A in CSR: y += (alpha x[i]) A row i, scattered by column. */
    private static void gemvSparseTransposed(int m, double alpha, JavaResidentMatrix.Csr csr, double[] x, int xOffset,
            double beta, double[] y, int yOffset, int n) {
        scale(y, yOffset, n, beta);
        int[] rowStart = csr.rowStart();
        int[] column = csr.column();
        double[] value = csr.value();
        for (int i = 0; i < m; i++) {
            double s = alpha * x[xOffset + i];
            int end = rowStart[i + 1];
            for (int k = rowStart[i]; k < end; k++) {
                y[yOffset + column[k]] += s * value[k];
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- ger

    @Override
    public void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y, int yOffset, double[] a,
            int aOffset) {
        Regions.checkDimensions("ger", m, n, 0);
        Regions.check("x", x, xOffset, m);
        Regions.check("y", y, yOffset, n);
        Regions.check("A", a, aOffset, (long) m * n);
        if (alpha == 0) {
            return;
        }
        for (int i = 0; i < m; i++) {
            double s = alpha * x[xOffset + i];
            int aRow = aOffset + i * n;
            for (int j = 0; j < n; j++) {
                a[aRow + j] += s * y[yOffset + j];
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** {@code alpha * sum + beta * c[index]}, not reading {@code c} when beta is 0 (it may hold NaN). */
    static double combine(double alpha, double sum, double beta, double[] c, int index) {
        return beta == 0 ? alpha * sum : alpha * sum + beta * c[index];
    }

    /** {@link #scale} of {@code rows} rows of {@code columns} elements, {@code stride} apart. */
    private static void scaleRows(double[] v, int offset, int rows, int columns, int stride, double beta) {
        if (columns == stride) {
            scale(v, offset, rows * columns, beta);
            return;
        }
        for (int r = 0; r < rows; r++) {
            scale(v, offset + r * stride, columns, beta);
        }
    }

    /** {@code v[offset .. offset+length) *= beta}, with beta = 0 clearing rather than multiplying. */
    private static void scale(double[] v, int offset, int length, double beta) {
        if (beta == 0) {
            Arrays.fill(v, offset, offset + length, 0.0);
        } else if (beta != 1) {
            for (int i = offset; i < offset + length; i++) {
                v[i] *= beta;
            }
        }
    }
}

package org.engram.compute.nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.engram.api.EngramBackend;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.compute.ResidentMatrix;
import org.engram.api.param.ParameterDescriptor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.osgi.service.component.annotations.Component;

/**
 * FP64 products through ND4J's matrix multiply, which calls OpenBLAS {@code dgemm}/{@code dgemv}.
 *
 * <p>Each call copies the operand regions into off-heap C-order arrays in a per-thread workspace, one native
 * copy each, multiplies with the transposes passed to BLAS (no transposed copy), and copies the result region
 * back. gemv and ger are the same product with one dimension 1. A call costs some tens of microseconds even
 * for tiny operands, and gemv copies all of A for as much arithmetic as the copy, so this backend pays off for
 * batched (gemm) and large products; small per-sample work is faster with the {@code java} backend
 * (STACK.md §4). ND4J comes from the {@code org.engram.nd4j.osgi} wrapper bundle; its natives load on the first
 * call, not on activation.
 *
 * <p>A matrix {@link #upload uploaded} once stays in native memory ({@link Nd4jResidentMatrix}); its {@code gemv}
 * copies only x and y into the workspace and calls OpenBLAS {@code cblas_dgemv} on the three buffers, as ND4J's
 * own level-2 BLAS does. Measured on the 2-core VM: ND4J's matmul op costs 60–100 us per call more than that
 * call, and given [k, 1] operands (as the array gemv passes them) it runs {@code dgemm} with one column, about
 * half as fast as {@code dgemv} at 2000 x 2000.
 */
@Component(service = ComputeBackend.class)
@EngramBackend("nd4j")
public final class Nd4jComputeBackend implements ComputeBackend {

    /**
     * Where the per-call copies live. A fresh off-heap array cost about 12 us at 4x4 and 4.6 ms at 1000x1000
     * (more than that gemv itself), so each calling thread reuses one ND4J workspace instead: grown to the
     * largest call the thread has made, released by ND4J when the thread ends. Immutable, so safe to share.
     */
    private static final WorkspaceConfiguration SCRATCH = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.25)
            .policySpill(SpillPolicy.REALLOCATE)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .build();

    private static final String SCRATCH_ID = "org.engram.compute.nd4j";

    private volatile String implementation;

    @Override
    public String description() {
        return "Dense FP64 linear algebra through ND4J and OpenBLAS; fastest for batched and large products";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
            double[] b, int bOffset, double beta, double[] c, int cOffset) {
        checkDimensions("gemm", m, n, k);
        checkRegion("A", a, aOffset, (long) m * k);
        checkRegion("B", b, bOffset, (long) k * n);
        checkRegion("C", c, cOffset, (long) m * n);
        multiply(transA, transB, m, n, k, alpha, a, aOffset, b, bOffset, beta, c, cOffset);
    }

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOffset, double[] x, int xOffset,
            double beta, double[] y, int yOffset) {
        checkDimensions("gemv", m, n, 0);
        int xLength = transA ? m : n;
        int yLength = transA ? n : m;
        checkRegion("A", a, aOffset, (long) m * n);
        checkRegion("x", x, xOffset, xLength);
        checkRegion("y", y, yOffset, yLength);
        // y [yLength, 1] = op(A) [yLength, xLength] x [xLength, 1]; A is stored [m, n] either way
        multiply(transA, false, yLength, 1, xLength, alpha, a, aOffset, x, xOffset, beta, y, yOffset);
    }

    @Override
    public ResidentMatrix upload(double[] a, int aOffset, int rows, int columns) {
        checkDimensions("upload", rows, columns, 0);
        checkRegion("A", a, aOffset, (long) rows * columns);
        return Nd4jResidentMatrix.copyOf(this, a, aOffset, rows, columns);
    }

    @Override
    public void gemv(boolean transA, double alpha, ResidentMatrix a, double[] x, int xOffset, double beta, double[] y,
            int yOffset) {
        Nd4jResidentMatrix matrix = Nd4jResidentMatrix.check(this, a);
        int xLength = transA ? matrix.rows() : matrix.columns();
        int yLength = transA ? matrix.columns() : matrix.rows();
        checkRegion("x", x, xOffset, xLength);
        checkRegion("y", y, yOffset, yLength);
        if (yLength == 0) {
            return;
        }
        if (xLength == 0 || alpha == 0) {
            scale(y, yOffset, yLength, beta);
            return;
        }
        try (MemoryWorkspace scratch = Nd4j.getWorkspaceManager().getAndActivateWorkspace(SCRATCH, SCRATCH_ID)) {
            DoublePointer vector = pointer(Nd4j.createUninitialized(DataType.DOUBLE, xLength));
            vector.put(x, xOffset, xLength);
            DoublePointer result = pointer(Nd4j.createUninitialized(DataType.DOUBLE, yLength));
            if (beta == 0) {
                // BLAS need not read y when beta is 0, but whether OpenBLAS's scaling by 0 clears a NaN is its choice
                Pointer.memset(result, 0, (long) Double.BYTES * yLength);
            } else {
                result.put(y, yOffset, yLength);
            }
            // the call ND4J's own level-2 BLAS (CpuLevel2.dgemv) makes, on the same OpenBLAS
            openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor,
                    transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans, matrix.rows(),
                    matrix.columns(), alpha, pointer(matrix.array()), matrix.columns(), vector, 1, beta, result, 1);
            result.get(y, yOffset, yLength);
        }
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y, int yOffset, double[] a,
            int aOffset) {
        checkDimensions("ger", m, n, 0);
        checkRegion("x", x, xOffset, m);
        checkRegion("y", y, yOffset, n);
        checkRegion("A", a, aOffset, (long) m * n);
        // A [m, n] += alpha x [m, 1] y [1, n]
        multiply(false, false, m, n, 1, alpha, x, xOffset, y, yOffset, 1.0, a, aOffset);
    }

    @Override
    public String implementation() {
        String text = implementation;
        if (text == null) {
            text = describeImplementation();
            implementation = text;
        }
        return text;
    }

    /** {@code C = alpha op(A) op(B) + beta C} on regions already checked. */
    private static void multiply(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
            int aOffset, double[] b, int bOffset, double beta, double[] c, int cOffset) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0) {
            // no product to form, so no copies and no native call either
            scale(c, cOffset, m * n, beta);
            return;
        }
        try (MemoryWorkspace scratch = Nd4j.getWorkspaceManager().getAndActivateWorkspace(SCRATCH, SCRATCH_ID)) {
            INDArray left = load(a, aOffset, transA ? k : m, transA ? m : k);
            INDArray right = load(b, bOffset, transB ? n : k, transB ? k : n);
            // beta = 0 must ignore C, which may hold NaN: start from zeros instead of C
            INDArray product = beta == 0 ? Nd4j.zeros(DataType.DOUBLE, m, n) : load(c, cOffset, m, n);
            Nd4j.gemm(left, right, product, transA, transB, alpha, beta);
            // the arrays live only until the workspace closes
            store(product, c, cOffset, m * n);
        }
    }

    /** A C-order [rows, columns] FP64 array in the current workspace holding {@code source[offset ..]}. */
    private static INDArray load(double[] source, int offset, int rows, int columns) {
        INDArray array = Nd4j.createUninitialized(DataType.DOUBLE, rows, columns);
        pointer(array).put(source, offset, rows * columns);
        return array;
    }

    private static void store(INDArray array, double[] target, int offset, int length) {
        pointer(array).get(target, offset, length);
    }

    /** A view of the array's host memory from its first element; a copy, so ND4J's own pointer is untouched. */
    static DoublePointer pointer(INDArray array) {
        return new DoublePointer(array.data().addressPointer());
    }

    private static void scale(double[] v, int offset, int length, double beta) {
        if (beta == 0) {
            Arrays.fill(v, offset, offset + length, 0.0);
        } else if (beta != 1) {
            for (int i = offset; i < offset + length; i++) {
                v[i] *= beta;
            }
        }
    }

    private static void checkDimensions(String operation, int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(operation + ": negative dimension in m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    private static void checkRegion(String name, double[] array, int offset, long length) {
        if (offset < 0 || offset + length > array.length) {
            throw new IndexOutOfBoundsException(name + ": " + length + " elements from offset " + offset
                    + " do not fit in an array of " + array.length);
        }
    }

    /**
     * E.g. {@code ND4J 1.0.0-M2.1 CPU, OPENBLAS 0.3.19-1.5.7, 2 BLAS threads, FP64}. Versions come from the
     * Maven metadata inside ND4J's own jars, so they name what runs, not what this bundle was compiled against.
     */
    private static String describeImplementation() {
        StringBuilder text = new StringBuilder("ND4J ");
        text.append(mavenVersion("org.nd4j", "nd4j-native"));
        try {
            // values are not all strings (blas.threads is a number), so getProperty would miss some
            Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
            String vendor = String.valueOf(environment.getOrDefault("blas.vendor", "unknown BLAS"));
            text.append(' ').append(environment.getOrDefault("backend", "")).append(", ").append(vendor);
            if ("OPENBLAS".equalsIgnoreCase(vendor)) {
                text.append(' ').append(mavenVersion("org.bytedeco", "openblas"));
            }
            Object threads = environment.get("blas.threads");
            if (threads != null) {
                text.append(", ").append(threads).append(" BLAS threads");
            }
        } catch (RuntimeException | LinkageError e) {
            text.append(", backend not loaded: ").append(e);
        }
        return text.append(", FP64").toString();
    }

    private static String mavenVersion(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = Nd4j.class.getResourceAsStream(resource)) {
            if (in != null) {
                Properties pom = new Properties();
                pom.load(in);
                return pom.getProperty("version", "?");
            }
        } catch (IOException e) {
            // reported as unknown below
        }
        return "?";
    }
}

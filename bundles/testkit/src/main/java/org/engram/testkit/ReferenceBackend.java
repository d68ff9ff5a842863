package org.engram.testkit;

import java.util.List;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.ParameterDescriptor;

/**
 * The plainest correct {@link ComputeBackend}: textbook loops, every region checked. The networks the
 * contract suites build run on it, and a plugin's own unit tests may use it wherever a trial would
 * pass the configured backend. It is not a service: nothing registers it.
 */
public final class ReferenceBackend implements ComputeBackend {

    @Override
    public String description() {
        return "textbook loops for tests (org.engram.testkit)";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }

    @Override
    public String implementation() {
        return "org.engram.testkit reference loops, FP64";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
            double[] b, int bOffset, double beta, double[] c, int cOffset) {
        checkDimensions(m, n, k);
        checkRegion("A", a, aOffset, (long) m * k);
        checkRegion("B", b, bOffset, (long) k * n);
        checkRegion("C", c, cOffset, (long) m * n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[aOffset + p * m + i] : a[aOffset + i * k + p];
                    double bpj = transB ? b[bOffset + j * k + p] : b[bOffset + p * n + j];
                    sum += aip * bpj;
                }
                int at = cOffset + i * n + j;
                // beta == 0 must ignore C entirely, NaN included (BLAS semantics)
                c[at] = alpha * sum + (beta == 0 ? 0 : beta * c[at]);
            }
        }
    }

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOffset, double[] x, int xOffset,
            double beta, double[] y, int yOffset) {
        checkDimensions(m, n, 0);
        int xLength = transA ? m : n;
        int yLength = transA ? n : m;
        checkRegion("A", a, aOffset, (long) m * n);
        checkRegion("x", x, xOffset, xLength);
        checkRegion("y", y, yOffset, yLength);
        for (int r = 0; r < yLength; r++) {
            double sum = 0;
            for (int s = 0; s < xLength; s++) {
                double ars = transA ? a[aOffset + s * n + r] : a[aOffset + r * n + s];
                sum += ars * x[xOffset + s];
            }
            int at = yOffset + r;
            y[at] = alpha * sum + (beta == 0 ? 0 : beta * y[at]);
        }
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y, int yOffset, double[] a, int aOffset) {
        checkDimensions(m, n, 0);
        checkRegion("x", x, xOffset, m);
        checkRegion("y", y, yOffset, n);
        checkRegion("A", a, aOffset, (long) m * n);
        for (int i = 0; i < m; i++) {
            double scaled = alpha * x[xOffset + i];
            for (int j = 0; j < n; j++) {
                a[aOffset + i * n + j] += scaled * y[yOffset + j];
            }
        }
    }

    private static void checkDimensions(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative dimension: m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    private static void checkRegion(String name, double[] array, int offset, long length) {
        if (offset < 0 || offset + length > array.length) {
            throw new IndexOutOfBoundsException(name + ": " + length + " elements from offset " + offset
                    + " do not fit in an array of " + array.length);
        }
    }
}

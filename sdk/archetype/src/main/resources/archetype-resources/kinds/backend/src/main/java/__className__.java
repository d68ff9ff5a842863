package ${package};

import java.util.List;
import org.engram.api.EngramBackend;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.ParameterDescriptor;
import org.osgi.service.component.annotations.Component;

/**
 * The compute backend '${pluginName}'. As generated: plain Java loops, the matrix product in i-p-j order so
 * the innermost loop runs along contiguous rows of B and C. Replace the loops with calls to your library;
 * keep the checks, since a region outside an array must fail rather than read or write memory it does not own.
 * A backend is called from several trials at once: keep it stateless.
 */
@Component(service = ComputeBackend.class)
@EngramBackend("${pluginName}")
public final class ${className} implements ComputeBackend {

    @Override
    public String description() {
        return "dense FP64 linear algebra in plain loops (generated example)";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }

    @Override
    public String implementation() {
        return "${pluginName}: Java loops, FP64";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
            double[] b, int bOffset, double beta, double[] c, int cOffset) {
        check(m >= 0 && n >= 0 && k >= 0, "negative dimension");
        checkRegion("A", a, aOffset, (long) m * k);
        checkRegion("B", b, bOffset, (long) k * n);
        checkRegion("C", c, cOffset, (long) m * n);
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * n;
            for (int j = 0; j < n; j++) {
                // beta == 0 ignores C entirely, NaN included, as BLAS does
                c[row + j] = beta == 0 ? 0 : beta * c[row + j];
            }
            for (int p = 0; p < k; p++) {
                double aip = alpha * (transA ? a[aOffset + p * m + i] : a[aOffset + i * k + p]);
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[row + j] += aip * b[bOffset + j * k + p];
                    }
                } else {
                    int bRow = bOffset + p * n;
                    for (int j = 0; j < n; j++) {
                        c[row + j] += aip * b[bRow + j];
                    }
                }
            }
        }
    }

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOffset, double[] x, int xOffset,
            double beta, double[] y, int yOffset) {
        check(m >= 0 && n >= 0, "negative dimension");
        int xLength = transA ? m : n;
        int yLength = transA ? n : m;
        checkRegion("A", a, aOffset, (long) m * n);
        checkRegion("x", x, xOffset, xLength);
        checkRegion("y", y, yOffset, yLength);
        for (int r = 0; r < yLength; r++) {
            double sum = 0;
            for (int s = 0; s < xLength; s++) {
                sum += (transA ? a[aOffset + s * n + r] : a[aOffset + r * n + s]) * x[xOffset + s];
            }
            y[yOffset + r] = alpha * sum + (beta == 0 ? 0 : beta * y[yOffset + r]);
        }
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y, int yOffset, double[] a, int aOffset) {
        check(m >= 0 && n >= 0, "negative dimension");
        checkRegion("x", x, xOffset, m);
        checkRegion("y", y, yOffset, n);
        checkRegion("A", a, aOffset, (long) m * n);
        for (int i = 0; i < m; i++) {
            double scaled = alpha * x[xOffset + i];
            int row = aOffset + i * n;
            for (int j = 0; j < n; j++) {
                a[row + j] += scaled * y[yOffset + j];
            }
        }
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static void checkRegion(String name, double[] array, int offset, long length) {
        if (offset < 0 || offset + length > array.length) {
            throw new IndexOutOfBoundsException(name + ": " + length + " elements from offset " + offset
                    + " do not fit in an array of " + array.length);
        }
    }
}

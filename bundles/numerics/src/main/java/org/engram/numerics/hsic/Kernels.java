package org.engram.numerics.hsic;

/**
 * Gaussian kernels with the dimension-scaled bandwidth of Ma et al. (spec §2.1):
 * {@code k(a, b) = exp(-‖a - b‖² / (2 σ̃²))} with {@code σ̃ = σ·√dim}. Vectors are rows of row-major
 * {@code [rows, dim]} arrays.
 */
public final class Kernels {

    private Kernels() {
    }

    /** The effective bandwidth σ̃ = σ·√dim. */
    public static double bandwidth(double sigma, int dim) {
        return sigma * Math.sqrt(dim);
    }

    /** {@code 1/(2σ̃²)}, the factor in front of the squared distance. */
    static double inverseTwoVariance(double sigma, int dim) {
        return 1.0 / (2.0 * sigma * sigma * dim);
    }

    /**
     * The kernel between rows {@code p} and {@code q}.
     *
     * @param x [rows, dim]
     */
    public static double gaussian(double[] x, int p, int q, int dim, double sigma) {
        return Math.exp(-squaredDistance(x, p * dim, q * dim, dim) * inverseTwoVariance(sigma, dim));
    }

    /**
     * Fills the kernel matrix of the first {@code n} rows; symmetric, unit diagonal.
     *
     * @param x   [n, dim]
     * @param out [n, n] written
     */
    public static void gaussianMatrix(double[] x, int n, int dim, double sigma, double[] out) {
        double c = inverseTwoVariance(sigma, dim);
        for (int p = 0; p < n; p++) {
            out[p * n + p] = 1.0;
            for (int q = 0; q < p; q++) {
                double k = Math.exp(-squaredDistance(x, p * dim, q * dim, dim) * c);
                out[p * n + q] = k;
                out[q * n + p] = k;
            }
        }
    }

    /**
     * Fills one row of the kernel matrix: {@code out[j] = k(x_row, x_j)} for {@code j < n}.
     *
     * @param x   [n, dim]
     * @param out [n] at {@code outOffset}, written
     */
    public static void gaussianRow(double[] x, int row, int n, int dim, double sigma, double[] out, int outOffset) {
        double c = inverseTwoVariance(sigma, dim);
        for (int j = 0; j < n; j++) {
            out[outOffset + j] = j == row ? 1.0 : Math.exp(-squaredDistance(x, row * dim, j * dim, dim) * c);
        }
    }

    /** Differences rather than norm expansion: exact zero on the diagonal and no cancellation. */
    static double squaredDistance(double[] x, int a, int b, int dim) {
        double s = 0.0;
        for (int i = 0; i < dim; i++) {
            double d = x[a + i] - x[b + i];
            s += d * d;
        }
        return s;
    }
}

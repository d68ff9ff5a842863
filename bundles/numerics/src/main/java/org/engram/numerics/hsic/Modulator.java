package org.engram.numerics.hsic;

import java.util.Arrays;

/**
 * Computes the modulatory signal ξ ≈ ∂L/∂z_N of one layer for the window's current (last) sample, in any
 * {@link ModulatorVariant}, exactly as spec §2.3/§2.4 write them. One instance is the reusable workspace
 * for one (window length, layer size); calls allocate nothing.
 *
 * <p>Notation: rows 0..N−1 of the activity are the window, oldest first, so the spec's index N is row
 * N−1 here. {@code α_j = (2/σ̃_z²)·k_z(z_N, z_j)·(z_N − z_j)} (zero for j = N), {@code m(i)} is the mean
 * of row i of a kernel matrix.
 */
public final class Modulator {
    private final int length;
    private final int size;
    private final double[] kernelRow;
    private final double[] alpha;
    private final double[] meanAlpha;

    /**
     * @param length window length N, at least 2
     * @param size   layer width d
     */
    public Modulator(int length, int size) {
        if (length < 2) {
            throw new IllegalArgumentException("HSIC needs a window of at least 2 samples, got " + length);
        }
        this.length = length;
        this.size = size;
        this.kernelRow = new double[length];
        this.alpha = new double[length * size];
        this.meanAlpha = new double[size];
    }

    public int length() {
        return length;
    }

    public int size() {
        return size;
    }

    /** ξ from a window's kernels; see {@link #signal(ModulatorVariant, double[], double[], double, double[], double, double[])}. */
    public void signal(ModulatorVariant variant, WindowKernels kernels, double gamma, double[] activity, double sigmaZ,
            double[] out) {
        signal(variant, kernels.inputKernel(), kernels.labelKernel(), gamma, activity, sigmaZ, out);
    }

    /**
     * Computes ξ for the last row.
     *
     * @param kx       [N, N] input kernel
     * @param ky       [N, N] label kernel
     * @param gamma    γ, the weight of the label term
     * @param activity [N, d] the layer's activity, current sample last
     * @param sigmaZ   base activity bandwidth σ_z (the kernel uses σ_z·√d)
     * @param out      [d] ξ, written
     */
    public void signal(ModulatorVariant variant, double[] kx, double[] ky, double gamma, double[] activity, double sigmaZ,
            double[] out) {
        computeAlpha(activity, sigmaZ);
        switch (variant) {
            case EXACT -> exact(kx, ky, gamma, out);
            case V1 -> v1(kx, ky, gamma, out);
            case FRONTIERS_RELEASED -> frontiers(kx, ky, gamma, false, out);
            case FRONTIERS_PATCHED -> frontiers(kx, ky, gamma, true, out);
            default -> throw new AssertionError(variant);
        }
    }

    private void computeAlpha(double[] z, double sigmaZ) {
        int n = length;
        int d = size;
        int last = n - 1;
        Kernels.gaussianRow(z, last, n, d, sigmaZ, kernelRow, 0);
        double twoOverVariance = 4.0 * Kernels.inverseTwoVariance(sigmaZ, d); // 2/σ̃² = 4·1/(2σ̃²)
        for (int j = 0; j < n; j++) {
            double s = twoOverVariance * kernelRow[j];
            for (int i = 0; i < d; i++) {
                alpha[j * d + i] = s * (z[last * d + i] - z[j * d + i]);
            }
        }
    }

    /** ξ = −(1/(N−1)²) Σ_j [H(K_x − γK_y)H]_{Nj} α_j. */
    private void exact(double[] kx, double[] ky, double gamma, double[] out) {
        int n = length;
        int last = n - 1;
        // [HCH]_{Nj} = C_Nj − r_N − c_j + t with C = K_x − γK_y, r row means, c column means, t the grand mean
        double rowMeanLast = 0.0;
        double grandMean = 0.0;
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                double c = kx[p * n + q] - gamma * ky[p * n + q];
                grandMean += c;
                if (p == last) {
                    rowMeanLast += c;
                }
            }
        }
        rowMeanLast /= n;
        grandMean /= (double) n * n;
        Arrays.fill(out, 0, size, 0.0);
        double scale = -1.0 / ((n - 1.0) * (n - 1.0));
        for (int j = 0; j < n; j++) {
            double colMean = 0.0;
            for (int p = 0; p < n; p++) {
                colMean += kx[p * n + j] - gamma * ky[p * n + j];
            }
            colMean /= n;
            double centred = kx[last * n + j] - gamma * ky[last * n + j] - rowMeanLast - colMean + grandMean;
            addScaledAlpha(scale * centred, j, out);
        }
    }

    /**
     * g_j = (K_x[N,j] − m_x(N)) − γ(K_y[N,j] − m_y(N)); a_j = −α_j − (1/N)Σ_p(−α_p);
     * ξ = (1/(N−1)²) Σ_j g_j a_j.
     */
    private void v1(double[] kx, double[] ky, double gamma, double[] out) {
        int n = length;
        int d = size;
        int last = n - 1;
        double mx = rowMean(kx, last);
        double my = rowMean(ky, last);
        for (int i = 0; i < d; i++) {
            double s = 0.0;
            for (int p = 0; p < n; p++) {
                s += -alpha[p * d + i];
            }
            meanAlpha[i] = s / n; // the mean of −α over the window
        }
        Arrays.fill(out, 0, d, 0.0);
        double scale = 1.0 / ((n - 1.0) * (n - 1.0));
        for (int j = 0; j < n; j++) {
            double g = (kx[last * n + j] - mx) - gamma * (ky[last * n + j] - my);
            for (int i = 0; i < d; i++) {
                double a = -alpha[j * d + i] - meanAlpha[i];
                out[i] += scale * g * a;
            }
        }
    }

    /**
     * c_ii = (K_x[i,i] − m_x(i)) − γ(K_y[i,i] − m_y(i)); ᾱ = (1/N) Σ_{j<N} α_j;
     * released: ξ = [(1/N) Σ_{i<N} c_ii·α_N + c_NN·ᾱ]/(N−1)² (α_N = 0, so only c_NN·ᾱ survives);
     * patched:  ξ = [(1/N) Σ_{i<N} c_ii·α_i + c_NN·ᾱ]/(N−1)².
     */
    private void frontiers(double[] kx, double[] ky, double gamma, boolean patched, double[] out) {
        int n = length;
        int d = size;
        int last = n - 1;
        Arrays.fill(out, 0, d, 0.0);
        double scale = 1.0 / ((n - 1.0) * (n - 1.0));
        double cLast = diagonalTerm(kx, ky, gamma, last);
        for (int i = 0; i < last; i++) {
            // the trace term: the released code multiplies every c_ii by α_N, the patch by α_i
            addScaledAlpha(scale * diagonalTerm(kx, ky, gamma, i) / n, patched ? i : last, out);
            // c_NN·ᾱ, where ᾱ divides by N although it sums N−1 terms, as the code does
            addScaledAlpha(scale * cLast / n, i, out);
        }
    }

    private double diagonalTerm(double[] kx, double[] ky, double gamma, int i) {
        int n = length;
        return (kx[i * n + i] - rowMean(kx, i)) - gamma * (ky[i * n + i] - rowMean(ky, i));
    }

    private double rowMean(double[] k, int row) {
        int n = length;
        double s = 0.0;
        for (int q = 0; q < n; q++) {
            s += k[row * n + q];
        }
        return s / n;
    }

    private void addScaledAlpha(double factor, int row, double[] out) {
        int d = size;
        for (int i = 0; i < d; i++) {
            out[i] += factor * alpha[row * d + i];
        }
    }
}

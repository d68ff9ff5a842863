package org.engram.numerics.hsic;

import org.engram.api.network.Window;

/**
 * The input and label kernel matrices K_x and K_y of one window. They depend only on the window, so
 * one instance serves every layer. {@link #update} slides them by one sample when the window did (the
 * (N−1)² shared entries are moved, only the new row is computed), reuses them when the window is
 * unchanged (the leaky toy's 20 time steps per window), and recomputes them otherwise.
 */
public final class WindowKernels {
    private final int length;
    private final double sigmaX;
    private final double sigmaY;
    private final double[] inputKernel;
    private final double[] labelKernel;
    private Window source;
    private long sourceStep;

    /**
     * @param length window length N
     * @param sigmaX base input bandwidth σ_x (the kernel uses σ_x·√inputSize)
     * @param sigmaY base label bandwidth σ_y (the kernel uses σ_y·√classes)
     */
    public WindowKernels(int length, double sigmaX, double sigmaY) {
        if (length < 2) {
            throw new IllegalArgumentException("HSIC needs a window of at least 2 samples, got " + length);
        }
        this.length = length;
        this.sigmaX = sigmaX;
        this.sigmaY = sigmaY;
        this.inputKernel = new double[length * length];
        this.labelKernel = new double[length * length];
    }

    /** Brings K_x and K_y up to date with the window's inputs and one-hot targets. */
    public void update(Window window) {
        if (window.length() != length) {
            throw new IllegalArgumentException("window of " + window.length() + " samples, kernels sized for " + length);
        }
        long step = window.step();
        if (window == source && step == sourceStep) {
            return;
        }
        if (window == source && step == sourceStep + 1) {
            slide(inputKernel, window.inputs(), window.inputSize(), sigmaX);
            slide(labelKernel, window.targets(), window.classes(), sigmaY);
        } else {
            Kernels.gaussianMatrix(window.inputs(), length, window.inputSize(), sigmaX, inputKernel);
            Kernels.gaussianMatrix(window.targets(), length, window.classes(), sigmaY, labelKernel);
        }
        source = window;
        sourceStep = step;
    }

    /**
     * Computes K_x and K_y from explicit arrays, forgetting any window.
     *
     * @param inputs  [N, inputSize]
     * @param targets [N, classes] one-hot
     */
    public void compute(double[] inputs, int inputSize, double[] targets, int classes) {
        Kernels.gaussianMatrix(inputs, length, inputSize, sigmaX, inputKernel);
        Kernels.gaussianMatrix(targets, length, classes, sigmaY, labelKernel);
        source = null;
    }

    /** Drops the oldest row and column, then fills the new last row and column from the window's last row. */
    private void slide(double[] k, double[] x, int dim, double sigma) {
        int n = length;
        // the source index (p+1)n+q+1 always lies ahead of the target pn+q, so the move is safe in place
        for (int p = 0; p < n - 1; p++) {
            for (int q = 0; q < n - 1; q++) {
                k[p * n + q] = k[(p + 1) * n + q + 1];
            }
        }
        Kernels.gaussianRow(x, n - 1, n, dim, sigma, k, (n - 1) * n);
        for (int p = 0; p < n - 1; p++) {
            k[p * n + n - 1] = k[(n - 1) * n + p];
        }
    }

    public int length() {
        return length;
    }

    /** [N, N] K_x, live: valid until the next update. */
    public double[] inputKernel() {
        return inputKernel;
    }

    /** [N, N] K_y, live: valid until the next update. */
    public double[] labelKernel() {
        return labelKernel;
    }
}

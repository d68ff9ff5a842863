package org.engram.memory.reservoir;

import java.util.List;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.ParameterDescriptor;

/** Plain row-dot loops: an independent, allocation-free backend for tests and the experiment driver. */
final class LoopBackend implements ComputeBackend {

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int ao, double[] b, int bo,
            double beta, double[] c, int co) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
                    double bv = transB ? b[bo + j * k + p] : b[bo + p * n + j];
                    s += av * bv;
                }
                c[co + i * n + j] = alpha * s + (beta == 0 ? 0 : beta * c[co + i * n + j]);
            }
        }
    }

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, double[] a, int ao, double[] x, int xo, double beta, double[] y,
            int yo) {
        if (transA) {
            for (int j = 0; j < n; j++) {
                y[yo + j] = beta == 0 ? 0 : beta * y[yo + j];
            }
            for (int i = 0; i < m; i++) {
                double xi = alpha * x[xo + i];
                int row = ao + i * n;
                for (int j = 0; j < n; j++) {
                    y[yo + j] += a[row + j] * xi;
                }
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            double s = 0;
            int row = ao + i * n;
            for (int j = 0; j < n; j++) {
                s += a[row + j] * x[xo + j];
            }
            y[yo + i] = alpha * s + (beta == 0 ? 0 : beta * y[yo + i]);
        }
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, int xo, double[] y, int yo, double[] a, int ao) {
        for (int i = 0; i < m; i++) {
            double xi = alpha * x[xo + i];
            int row = ao + i * n;
            for (int j = 0; j < n; j++) {
                a[row + j] += xi * y[yo + j];
            }
        }
    }

    @Override
    public String implementation() {
        return "plain Java test loops";
    }

    @Override
    public String description() {
        return "test loops";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }
}

package org.engram.rule.phsic;

import java.util.List;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.ParameterDescriptor;

/** The textbook triple loop, an independent reference for the products the learner batches. */
final class NaiveBackend implements ComputeBackend {

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int ao, double[] b,
            int bo, double beta, double[] c, int co) {
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
    public void gemv(boolean transA, int m, int n, double alpha, double[] a, int ao, double[] x, int xo, double beta,
            double[] y, int yo) {
        int rows = transA ? n : m;
        int cols = transA ? m : n;
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += (transA ? a[ao + j * n + i] : a[ao + i * n + j]) * x[xo + j];
            }
            y[yo + i] = alpha * s + (beta == 0 ? 0 : beta * y[yo + i]);
        }
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, int xo, double[] y, int yo, double[] a, int ao) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[ao + i * n + j] += alpha * x[xo + i] * y[yo + j];
            }
        }
    }

    @Override
    public String implementation() {
        return "naive loops (test)";
    }

    @Override
    public String description() {
        return "naive test backend";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }
}

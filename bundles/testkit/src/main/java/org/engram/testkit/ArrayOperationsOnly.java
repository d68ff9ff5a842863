package org.engram.testkit;

import java.util.List;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.ParameterDescriptor;

/**
 * A backend seen through its array operations alone: uploads get the API's default (a heap copy multiplied by the
 * array gemv): what a caller computed before resident matrices, for comparisons and benchmarks.
 */
public final class ArrayOperationsOnly implements ComputeBackend {
    private final ComputeBackend backend;

    public ArrayOperationsOnly(ComputeBackend backend) {
        this.backend = backend;
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
            double[] b, int bOffset, double beta, double[] c, int cOffset) {
        backend.gemm(transA, transB, m, n, k, alpha, a, aOffset, b, bOffset, beta, c, cOffset);
    }

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOffset, double[] x, int xOffset,
            double beta, double[] y, int yOffset) {
        backend.gemv(transA, m, n, alpha, a, aOffset, x, xOffset, beta, y, yOffset);
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y, int yOffset, double[] a,
            int aOffset) {
        backend.ger(m, n, alpha, x, xOffset, y, yOffset, a, aOffset);
    }

    @Override
    public String implementation() {
        return backend.implementation() + ", array operations only";
    }

    @Override
    public String description() {
        return backend.description();
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return backend.parameters();
    }
}

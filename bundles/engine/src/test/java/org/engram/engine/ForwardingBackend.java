package org.engram.engine;

import java.util.List;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.ParameterDescriptor;

/** A backend that hands every product to another, for tests that change one of its other methods. */
class ForwardingBackend implements ComputeBackend {
    private final ComputeBackend target;

    ForwardingBackend(ComputeBackend target) {
        this.target = target;
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
            double[] b, int bOffset, double beta, double[] c, int cOffset) {
        target.gemm(transA, transB, m, n, k, alpha, a, aOffset, b, bOffset, beta, c, cOffset);
    }

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOffset, double[] x, int xOffset,
            double beta, double[] y, int yOffset) {
        target.gemv(transA, m, n, alpha, a, aOffset, x, xOffset, beta, y, yOffset);
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y, int yOffset, double[] a,
            int aOffset) {
        target.ger(m, n, alpha, x, xOffset, y, yOffset, a, aOffset);
    }

    @Override
    public String implementation() {
        return target.implementation();
    }

    @Override
    public String description() {
        return target.description();
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return target.parameters();
    }
}

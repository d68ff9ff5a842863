package org.engram.neuron.rate;

/** {@code z = max(h, 0)}; derivative {@code 1[h > 0]} (0 at the kink). */
final class ReluLayer extends ElementwiseLayer {

    ReluLayer(int size) {
        super(size);
    }

    @Override
    protected void compute(double[] h, double[] out, int rows) {
        int n = rows * size;
        for (int i = 0; i < n; i++) {
            double v = h[i];
            boolean active = v > 0.0;
            derivative[i] = active ? 1.0 : 0.0;
            out[i] = active ? v : 0.0;
        }
    }
}

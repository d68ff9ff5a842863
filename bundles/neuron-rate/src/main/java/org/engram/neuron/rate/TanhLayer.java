package org.engram.neuron.rate;

import java.util.SplittableRandom;

/**
 * {@code z = tanh(h) + ν}, {@code ν ~ U(−a, a)} drawn afresh for every unit and step (spec §1.3).
 * The VJP is the noise-free {@code 1 − tanh(h)²}: the noise is additive and independent of h.
 */
final class TanhLayer extends ElementwiseLayer {

    private final double rateNoise;
    private final SplittableRandom random;

    TanhLayer(int size, double rateNoise, SplittableRandom random) {
        super(size);
        this.rateNoise = rateNoise;
        this.random = random;
    }

    @Override
    protected void compute(double[] h, double[] out, int rows) {
        int n = rows * size;
        for (int i = 0; i < n; i++) {
            double t = Math.tanh(h[i]);
            derivative[i] = 1.0 - t * t;
            // no draw at all without noise, so a noise-free layer leaves its generator untouched
            out[i] = rateNoise > 0.0 ? t + rateNoise * (2.0 * random.nextDouble() - 1.0) : t;
        }
    }
}

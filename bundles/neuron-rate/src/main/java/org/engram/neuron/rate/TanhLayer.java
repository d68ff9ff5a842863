package org.engram.neuron.rate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.SplittableRandom;
import org.engram.api.Checkpointable;
import org.engram.numerics.state.StateIo;

/**
 * {@code z = tanh(h) + ν}, {@code ν ~ U(−a, a)} drawn afresh for every unit and step (spec §1.3).
 * The VJP is the noise-free {@code 1 − tanh(h)²}: the noise is additive and independent of h.
 */
final class TanhLayer extends ElementwiseLayer implements Checkpointable {

    private final double rateNoise;
    /** Replaced at each {@link #writeState} by a generator seeded from its own draw, so a resumed run draws alike. */
    private SplittableRandom random;

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

    /** The noise generator, reseeded: the only state of a tanh layer that outlives an epoch. */
    @Override
    public void writeState(DataOutput out) throws IOException {
        random = StateIo.reseed(random, out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        random = StateIo.readGenerator(in);
    }
}

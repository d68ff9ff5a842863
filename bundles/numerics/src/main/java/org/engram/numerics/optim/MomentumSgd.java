package org.engram.numerics.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;
import org.engram.api.compute.ComputeBackend;
import org.engram.numerics.state.StateIo;

/** SGD with heavy-ball momentum, as optax's {@code sgd(momentum=ρ)}: {@code trace ← g + ρ·trace; param ← param − η·trace}. */
public final class MomentumSgd implements Optimizer {
    private static final String TAG = "momentum SGD";
    private final double learningRate;
    /** The learning rate of the next steps: {@code learningRate} times the schedule's factor (exactly it at 1.0). */
    private double rate;
    private final double momentum;
    private final double[] trace;
    /** Applies updates, split over the backend's threads when they are large. */
    private final ParallelRanges ranges;

    public MomentumSgd(int size, double learningRate, double momentum) {
        this(size, learningRate, momentum, null);
    }

    /**
     * @param backend whose threads large updates are split over; null for one
     * @since 1.4
     */
    public MomentumSgd(int size, double learningRate, double momentum, ComputeBackend backend) {
        this.ranges = new ParallelRanges(backend, this::update);
        this.learningRate = learningRate;
        this.rate = learningRate;
        this.momentum = momentum;
        this.trace = new double[size];
    }

    @Override
    public void step(double[] param, double[] grad) {
        int size = trace.length;
        Objects.checkFromIndexSize(0, size, param.length);
        Objects.checkFromIndexSize(0, size, grad.length);
        ranges.step(param, grad, size);
    }

    @Override
    public void stepOuter(double[] param, int rows, int cols, double[] left, int leftOffset, double[] right,
            int rightOffset) {
        int size = trace.length;
        if ((long) rows * cols != size) {
            throw new IllegalArgumentException(rows + "×" + cols + " gradient for " + size + " parameters");
        }
        Objects.checkFromIndexSize(0, size, param.length);
        Objects.checkFromIndexSize(leftOffset, rows, left.length);
        Objects.checkFromIndexSize(rightOffset, cols, right.length);
        ranges.stepOuter(param, rows, cols, left, leftOffset, right, rightOffset);
    }

    /** Entries {@code [from, to)} with gradient {@code scale·source[i]} (scale 1.0 is exact); see AdamW. */
    private void update(double[] param, double[] source, double scale, int from, int to) {
        double[] trace = this.trace;
        double rho = momentum;
        double lr = rate;
        for (int i = from; i < to; i++) {
            double tr = scale * source[i] + rho * trace[i];
            trace[i] = tr;
            param[i] -= lr * tr;
        }
    }

    @Override
    public void setLearningRateFactor(double factor) {
        if (!(factor >= 0.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("learning-rate factor must be finite and >= 0, got " + factor);
        }
        rate = learningRate * factor;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        StateIo.writeTag(out, TAG);
        StateIo.writeDoubles(out, trace);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        StateIo.expectTag(in, TAG);
        StateIo.readDoubles(in, trace, "momentum traces");
    }
}

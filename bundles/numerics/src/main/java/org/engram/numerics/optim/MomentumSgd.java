package org.engram.numerics.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;
import java.util.function.IntConsumer;
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
    /** Row r holds the right factor of {@link #stepOuter} at offset r·cols, as in {@link AdamW}. */
    private double[] replicated;
    /** Splits large updates over the backend's threads, as in {@link AdamW}. */
    private final ParallelRanges ranges;
    private int sharedParts;
    private double[] sharedParam;
    private double[] sharedGrad;
    private int sharedUnits;
    private int sharedCols;
    private double[] sharedLeft;
    private int sharedLeftOffset;
    private double[] sharedRight;
    private int sharedRightOffset;
    private final IntConsumer stepPart;
    private final IntConsumer stepOuterPart;

    public MomentumSgd(int size, double learningRate, double momentum) {
        this(size, learningRate, momentum, null);
    }

    /**
     * @param backend whose threads large updates are split over; null for one
     * @since 1.4
     */
    public MomentumSgd(int size, double learningRate, double momentum, ComputeBackend backend) {
        this.ranges = new ParallelRanges(backend);
        this.stepPart = p -> update(sharedParam, sharedGrad, 1.0, ParallelRanges.start(p, sharedParts, sharedUnits),
                ParallelRanges.start(p + 1, sharedParts, sharedUnits));
        this.stepOuterPart = p -> updateRows(sharedParam, sharedCols, sharedLeft, sharedLeftOffset, sharedRight,
                sharedRightOffset, ParallelRanges.start(p, sharedParts, sharedUnits), ParallelRanges.start(p + 1,
                sharedParts, sharedUnits));
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
        int parts = ranges.parts(size, 1);
        if (parts == 1) {
            update(param, grad, 1.0, 0, size);
        } else {
            share(parts, param, grad, size, 0, null, 0, null, 0);
            ranges.run(parts, stepPart);
            share(0, null, null, 0, 0, null, 0, null, 0);
        }
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
        if (replicated == null) {
            replicated = new double[size];
        }
        int parts = ranges.parts(rows, cols);
        if (parts == 1) {
            updateRows(param, cols, left, leftOffset, right, rightOffset, 0, rows);
        } else {
            share(parts, param, null, rows, cols, left, leftOffset, right, rightOffset);
            ranges.run(parts, stepOuterPart);
            share(0, null, null, 0, 0, null, 0, null, 0);
        }
    }

    private void updateRows(double[] param, int cols, double[] left, int leftOffset, double[] right, int rightOffset,
            int firstRow, int endRow) {
        double[] copies = replicated;
        for (int r = firstRow; r < endRow; r++) {
            int from = r * cols;
            System.arraycopy(right, rightOffset, copies, from, cols);
            update(param, copies, left[leftOffset + r], from, from + cols);
        }
    }

    /** The split step's arguments for its prebuilt parts, as in {@link AdamW}: a step allocates nothing. */
    private void share(int parts, double[] param, double[] grad, int units, int cols, double[] left, int leftOffset,
            double[] right, int rightOffset) {
        this.sharedParts = parts;
        this.sharedParam = param;
        this.sharedGrad = grad;
        this.sharedUnits = units;
        this.sharedCols = cols;
        this.sharedLeft = left;
        this.sharedLeftOffset = leftOffset;
        this.sharedRight = right;
        this.sharedRightOffset = rightOffset;
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

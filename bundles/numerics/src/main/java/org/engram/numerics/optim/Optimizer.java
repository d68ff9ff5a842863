package org.engram.numerics.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Updates one parameter array in place from its gradient; holds that array's optimizer state. Implemented
 * only in this package (rules obtain one from {@link OptimizerSettings#create}), so methods may be added.
 */
@ProviderType
public interface Optimizer {

    /**
     * Applies one step: {@code param ← param − update(grad)}.
     *
     * @param param the live parameters, changed in place
     * @param grad  same length; the gradient of the loss (the direction of steepest ascent)
     */
    void step(double[] param, double[] grad);

    /**
     * Applies one step whose gradient is the outer product {@code G[i, j] = left[i]·right[j]} of a layer's
     * cotangent and its input (the three-factor update {@code δ ⊗ x}), without forming G. Gives bit for bit
     * what {@link #step} gives on the materialised {@code G}, in one pass over the state instead of two.
     *
     * @param param [rows, cols] row-major, the live parameters
     * @param left  [rows] at {@code leftOffset}, e.g. the cotangent δ on the layer's drive
     * @param right [cols] at {@code rightOffset}, e.g. the layer's input for the current sample
     */
    void stepOuter(double[] param, int rows, int cols, double[] left, int leftOffset, double[] right, int rightOffset);

    /**
     * Scales the learning rate of the following steps to {@code factor} times the configured one (a schedule, see
     * {@link LearningRateSchedule}); 1.0 restores it exactly. Not part of {@link #writeState}: the schedule's owner
     * knows the epoch and sets the factor again after a restore.
     *
     * @since 1.3
     */
    void setLearningRateFactor(double factor);

    /**
     * Writes everything the next steps depend on (moments, traces, step counts), for a trial checkpoint;
     * changes nothing.
     *
     * @since 1.2
     */
    void writeState(DataOutput out) throws IOException;

    /**
     * Restores what {@link #writeState} wrote, into an optimizer of the same kind and size; fails naming the
     * difference otherwise.
     *
     * @since 1.2
     */
    void readState(DataInput in) throws IOException;
}

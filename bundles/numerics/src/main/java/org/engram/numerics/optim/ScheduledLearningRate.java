package org.engram.numerics.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One learner's {@link LearningRateSchedule} in progress: the epochs done, and the optimizers whose rate follows them.
 * The learner calls {@link #endEpoch} from {@code Learner.endEpoch}, and {@link #writeState} / {@link #readState}
 * after its optimizers' state, so a resumed trial continues at the rate it stopped at. A constant schedule writes
 * nothing, so checkpoints without one keep their format.
 *
 * @since 1.3
 */
public final class ScheduledLearningRate {

    private final LearningRateSchedule schedule;
    private final Optimizer[][] optimizers;
    private int epochsDone;

    ScheduledLearningRate(LearningRateSchedule schedule, Optimizer[][] optimizers) {
        this.schedule = schedule;
        this.optimizers = optimizers.clone();
    }

    /** After epoch {@code epoch} (from 1): the next one trains at {@code η · decay^epoch}. */
    public void endEpoch(int epoch) {
        epochsDone = epoch;
        apply();
    }

    public void writeState(DataOutput out) throws IOException {
        if (!schedule.constant()) {
            out.writeInt(epochsDone);
        }
    }

    public void readState(DataInput in) throws IOException {
        if (!schedule.constant()) {
            epochsDone = in.readInt();
            apply();
        }
    }

    private void apply() {
        if (schedule.constant()) {
            return;
        }
        double factor = Math.pow(schedule.learningRateDecay(), epochsDone);
        for (Optimizer[] group : optimizers) {
            for (Optimizer optimizer : group) {
                optimizer.setLearningRateFactor(factor);
            }
        }
    }
}

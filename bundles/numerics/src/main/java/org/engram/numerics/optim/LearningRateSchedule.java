package org.engram.numerics.optim;

import org.engram.api.param.Parameter;

/**
 * A learning rate that decays by a constant factor from one epoch to the next: epoch {@code e} (from 1) trains at
 * {@code η · decay^(e−1)}. A rule declares it beside its {@link OptimizerSettings} as a component marked
 * {@code @ParameterGroup} and drives its optimizers through {@link #start}. Decay 1 (the default) leaves every step
 * bit for bit as without a schedule.
 *
 * <p>Why: a constant step keeps the last epoch's accuracy as noisy as the first ones (back-propagation through a
 * spiking network moved by ±0.5 points from one epoch to the next at the end of five); a decaying step settles it.
 *
 * @param learningRateDecay factor the learning rate is multiplied by after every epoch
 * @since 1.3
 */
public record LearningRateSchedule(
        @Parameter(defaultValue = "1.0", min = 0.0, max = 1.0,
                description = "factor the learning rate is multiplied by after every epoch: epoch e trains at "
                        + "learningRate x learningRateDecay^(e-1) (1: constant)")
        double learningRateDecay) {

    /** Whether the rate never changes (decay 1): nothing to apply or save. */
    public boolean constant() {
        return learningRateDecay == 1.0;
    }

    /** The schedule of one learner's optimizers, at the first epoch. */
    public ScheduledLearningRate start(Optimizer[]... optimizers) {
        return new ScheduledLearningRate(this, optimizers);
    }
}

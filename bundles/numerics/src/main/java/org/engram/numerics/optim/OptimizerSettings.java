package org.engram.numerics.optim;

import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.Parameter;

/**
 * The optimizer parameters every rule shares. A rule declares them with its own as a component marked
 * {@code @ParameterGroup} (with {@code defaults = "learningRate=..."} where its step size differs from the
 * back-propagation reference's 1e-3), then calls {@link #create}.
 *
 * @param optimizer   which optimizer
 * @param learningRate η
 * @param beta1       AdamW first-moment decay
 * @param beta2       AdamW second-moment decay (the paper uses 0.99)
 * @param epsilon     AdamW denominator term
 * @param weightDecay AdamW decoupled decay
 * @param momentum    momentum SGD's ρ
 */
public record OptimizerSettings(
        @Parameter(defaultValue = "ADAMW", description = "ADAMW (the paper's, optax adamw) or MOMENTUM (SGD with momentum, the 2021 version)")
        Kind optimizer,
        @Parameter(defaultValue = "1e-3", min = 0.0, max = 10.0, description = "learning rate η") double learningRate,
        @Parameter(defaultValue = "0.9", min = 0.0, max = 1.0, description = "AdamW first-moment decay b1") double beta1,
        @Parameter(defaultValue = "0.99", min = 0.0, max = 1.0, description = "AdamW second-moment decay b2 (paper: 0.99)")
        double beta2,
        @Parameter(defaultValue = "1e-8", min = 0.0, max = 1.0, description = "AdamW denominator term, added outside the square root")
        double epsilon,
        @Parameter(defaultValue = "1e-4", min = 0.0, max = 1.0,
                description = "AdamW decoupled weight decay, applied to weights and biases") double weightDecay,
        @Parameter(defaultValue = "0.9", min = 0.0, max = 1.0, description = "momentum ρ of the MOMENTUM optimizer") double momentum) {

    /** The optimizers on offer. */
    public enum Kind {
        ADAMW, MOMENTUM
    }

    /** Which optimizer; {@link #optimizer()} under the name a rule's settings read well with ({@code optimizer().kind()}). */
    public Kind kind() {
        return optimizer;
    }

    /** A fresh optimizer for one parameter array of {@code size} entries. */
    public Optimizer create(int size) {
        return create(size, null);
    }

    /**
     * A fresh optimizer for one parameter array of {@code size} entries that splits a large update over the
     * backend's threads (the trial's {@code context.backend()}), with the same results as on one thread.
     *
     * @param backend null for one thread
     * @since 1.4
     */
    public Optimizer create(int size, ComputeBackend backend) {
        return switch (optimizer) {
            case ADAMW -> new AdamW(size, learningRate, beta1, beta2, epsilon, weightDecay, backend);
            case MOMENTUM -> new MomentumSgd(size, learningRate, momentum, backend);
        };
    }
}

package org.engram.numerics.optim;

import java.util.List;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;

/**
 * The optimizer parameters every rule shares, read from a rule's resolved parameters. A rule lists
 * {@link #descriptors(double)} among its own parameters, then calls {@link #from} and {@link #create}.
 *
 * @param kind        which optimizer
 * @param learningRate η
 * @param beta1       AdamW first-moment decay
 * @param beta2       AdamW second-moment decay (the paper uses 0.99)
 * @param epsilon     AdamW denominator term
 * @param weightDecay AdamW decoupled decay
 * @param momentum    momentum SGD's ρ
 */
public record OptimizerSettings(Kind kind, double learningRate, double beta1, double beta2, double epsilon,
        double weightDecay, double momentum) {

    /** The optimizers on offer. */
    public enum Kind {
        ADAMW, MOMENTUM
    }

    /** The shared optimizer parameters, with the paper's AdamW defaults and the given learning rate. */
    public static List<ParameterDescriptor> descriptors(double defaultLearningRate) {
        return List.of(
                ParameterDescriptor.choice("optimizer", Kind.ADAMW, "ADAMW (the paper's, optax adamw) or MOMENTUM (SGD with momentum, the 2021 version)"),
                ParameterDescriptor.real("learningRate", defaultLearningRate, 0.0, 10.0, "learning rate η"),
                ParameterDescriptor.real("beta1", 0.9, 0.0, 1.0, "AdamW first-moment decay b1"),
                ParameterDescriptor.real("beta2", 0.99, 0.0, 1.0, "AdamW second-moment decay b2 (paper: 0.99)"),
                ParameterDescriptor.real("epsilon", 1e-8, 0.0, 1.0, "AdamW denominator term, added outside the square root"),
                ParameterDescriptor.real("weightDecay", 1e-4, 0.0, 1.0, "AdamW decoupled weight decay, applied to weights and biases"),
                ParameterDescriptor.real("momentum", 0.9, 0.0, 1.0, "momentum ρ of the MOMENTUM optimizer"));
    }

    public static OptimizerSettings from(Parameters p) {
        return new OptimizerSettings(p.getEnum("optimizer", Kind.class), p.getDouble("learningRate"), p.getDouble("beta1"),
                p.getDouble("beta2"), p.getDouble("epsilon"), p.getDouble("weightDecay"), p.getDouble("momentum"));
    }

    /** A fresh optimizer for one parameter array of {@code size} entries. */
    public Optimizer create(int size) {
        return switch (kind) {
            case ADAMW -> new AdamW(size, learningRate, beta1, beta2, epsilon, weightDecay);
            case MOMENTUM -> new MomentumSgd(size, learningRate, momentum);
        };
    }
}

package org.engram.rule.ibhebbian;

import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterGroup;
import org.engram.api.param.ParameterSet;
import org.engram.numerics.hsic.ModulatorVariant;
import org.engram.numerics.optim.LearningRateSchedule;
import org.engram.numerics.optim.OptimizerSettings;

/**
 * The rule's parameters, declared once. Defaults are the published MNIST run (spec §2.8, Q2): N = 8, γ = 2,
 * σ = (0.5, 0.1, 1), AdamW at 1e-4, the released ξ formula, past activity re-forwarded.
 */
record IbHebbianSettings(
        @Parameter(defaultValue = "8", min = 2, max = 100_000,
                description = "window length N in samples: the batch the HSIC terms are taken over, i.e. the working-memory capacity")
        int window,
        @Parameter(defaultValue = "2.0", min = 0.0,
                description = "γ, dimensionless weight of the label term: each layer minimises HSIC(X,Z) − γ·HSIC(Y,Z)")
        double gamma,
        @Parameter(defaultValue = "0.5", min = IbHebbianSettings.MIN_SIGMA,
                description = "base input-kernel bandwidth σ_x, in input units; the kernel uses σ_x·√(input size)")
        double sigmaX,
        @Parameter(defaultValue = "0.1", min = IbHebbianSettings.MIN_SIGMA,
                description = "base label-kernel bandwidth σ_y on one-hot labels; the kernel uses σ_y·√(classes)")
        double sigmaY,
        @Parameter(defaultValue = "1.0", min = IbHebbianSettings.MIN_SIGMA,
                description = "base activity-kernel bandwidth σ_z, in activity units, for every hidden layer; the kernel uses σ_z·√(layer size)")
        double sigmaZ,
        @Parameter(defaultValue = "FRONTIERS_RELEASED",
                description = "formula of the modulatory signal ξ: EXACT gradient, V1 (arXiv 2021), FRONTIERS_RELEASED "
                        + "(the published curves), FRONTIERS_PATCHED (Oct 2024 community fix)")
        ModulatorVariant variant,
        @Parameter(defaultValue = "RECOMPUTE",
                description = "RECOMPUTE: re-forward the whole window with the current weights each step (the authors' code); "
                        + "STORED: keep each sample's activity as produced and forward only the current one (N times cheaper)")
        PastActivity pastActivity,
        @Parameter(defaultValue = "PER_SAMPLE",
                description = "for units presented several time steps per sample (leaky, lif): PER_SAMPLE = the gradients of "
                        + "the output's readout steps averaged, one optimizer step per sample, as rate units; EVERY_STEP = one optimizer "
                        + "step per time step (the authors' leaky toy network)")
        UpdateSchedule update,
        @Parameter(defaultValue = "true",
                description = "for stateful units (leaky, lif): true = each sample's presentation starts from the rest state, as "
                        + "in evaluation; false = membranes and traces carry over from the previous sample (the authors' toy)")
        boolean fromRest,
        @ParameterGroup(defaults = "learningRate=1e-4") OptimizerSettings optimizer,
        @ParameterGroup LearningRateSchedule schedule) {

    /** The lower bound of the bandwidths: a zero bandwidth makes every kernel entry off the diagonal 0/0. */
    static final double MIN_SIGMA = 1e-6;

    static final ParameterSet<IbHebbianSettings> PARAMETERS = ParameterSet.of(IbHebbianSettings.class);
}

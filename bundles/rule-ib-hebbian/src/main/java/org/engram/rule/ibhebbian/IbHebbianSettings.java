package org.engram.rule.ibhebbian;

import java.util.ArrayList;
import java.util.List;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.numerics.hsic.ModulatorVariant;
import org.engram.numerics.optim.OptimizerSettings;

/**
 * The rule's resolved parameters. Defaults are the published MNIST run (spec §2.8, Q2): N = 8, γ = 2,
 * σ = (0.5, 0.1, 1), AdamW at 1e-4, the released ξ formula, past activity re-forwarded.
 */
record IbHebbianSettings(int window, double gamma, double sigmaX, double sigmaY, double sigmaZ, ModulatorVariant variant,
        PastActivity pastActivity, UpdateSchedule update, boolean fromRest, OptimizerSettings optimizer) {

    /** The lower bound of the bandwidths: a zero bandwidth makes every kernel entry off the diagonal 0/0. */
    private static final double MIN_SIGMA = 1e-6;

    static List<ParameterDescriptor> descriptors() {
        List<ParameterDescriptor> list = new ArrayList<>(List.of(
                ParameterDescriptor.integer("window", 8, 2L, 100_000L,
                        "window length N in samples: the batch the HSIC terms are taken over, i.e. the working-memory capacity"),
                ParameterDescriptor.real("gamma", 2.0, 0.0, null,
                        "γ, dimensionless weight of the label term: each layer minimises HSIC(X,Z) − γ·HSIC(Y,Z)"),
                ParameterDescriptor.real("sigmaX", 0.5, MIN_SIGMA, null,
                        "base input-kernel bandwidth σ_x, in input units; the kernel uses σ_x·√(input size)"),
                ParameterDescriptor.real("sigmaY", 0.1, MIN_SIGMA, null,
                        "base label-kernel bandwidth σ_y on one-hot labels; the kernel uses σ_y·√(classes)"),
                ParameterDescriptor.real("sigmaZ", 1.0, MIN_SIGMA, null,
                        "base activity-kernel bandwidth σ_z, in activity units, for every hidden layer; the kernel uses σ_z·√(layer size)"),
                ParameterDescriptor.choice("variant", ModulatorVariant.FRONTIERS_RELEASED,
                        "formula of the modulatory signal ξ: EXACT gradient, V1 (arXiv 2021), FRONTIERS_RELEASED "
                                + "(the published curves), FRONTIERS_PATCHED (Oct 2024 community fix)"),
                ParameterDescriptor.choice("pastActivity", PastActivity.RECOMPUTE,
                        "RECOMPUTE: re-forward the whole window with the current weights each step (the authors' code); "
                                + "STORED: keep each sample's activity as produced and forward only the current one (N times cheaper)"),
                ParameterDescriptor.choice("update", UpdateSchedule.PER_SAMPLE,
                        "for units presented several time steps per sample (leaky, lif): PER_SAMPLE = the gradients of "
                                + "the output's readout steps averaged, one optimizer step per sample, as rate units; EVERY_STEP = one optimizer "
                                + "step per time step (the authors' leaky toy network)"),
                ParameterDescriptor.bool("fromRest", true,
                        "for stateful units (leaky, lif): true = each sample's presentation starts from the rest state, as "
                                + "in evaluation; false = membranes and traces carry over from the previous sample (the authors' toy)")));
        list.addAll(OptimizerSettings.descriptors(1e-4));
        return List.copyOf(list);
    }

    static IbHebbianSettings from(Parameters p) {
        return new IbHebbianSettings(p.getInt("window"), p.getDouble("gamma"), p.getDouble("sigmaX"), p.getDouble("sigmaY"),
                p.getDouble("sigmaZ"), p.getEnum("variant", ModulatorVariant.class),
                p.getEnum("pastActivity", PastActivity.class), p.getEnum("update", UpdateSchedule.class), p.getBoolean("fromRest"),
                OptimizerSettings.from(p));
    }
}

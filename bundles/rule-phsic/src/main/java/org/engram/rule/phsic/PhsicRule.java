package org.engram.rule.phsic;

import java.util.ArrayList;
import java.util.List;
import org.engram.api.EngramRule;
import org.engram.api.TrialContext;
import org.engram.api.network.Network;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
import org.engram.numerics.optim.OptimizerSettings;
import org.osgi.service.component.annotations.Component;

/**
 * The plausible-HSIC baseline (Pogodin and Latham, NeurIPS 2020; spec §4.1): each hidden layer
 * learns locally by minimising {@code pHSIC(Z,Z) − γ pHSIC(Y,Z)}, the output layer by the paper's
 * window-mean cross-entropy delta rule.
 */
@Component(service = LearningRule.class)
@EngramRule("phsic")
public final class PhsicRule implements LearningRule {

    /**
     * The Frontiers rule's MNIST learning rate: in the default two-sample mode both rules take one AdamW
     * step per sample, so they compare at the same step size (measured on MNIST, see README).
     */
    static final double DEFAULT_LEARNING_RATE = 1e-4;
    /** The Frontiers rule's published MNIST window (spec Q2): BATCH mode then holds as many samples as its memory. */
    static final int DEFAULT_BATCH_SIZE = 8;

    private static final List<ParameterDescriptor> PARAMETERS = parameterList();

    private static List<ParameterDescriptor> parameterList() {
        List<ParameterDescriptor> list = new ArrayList<>();
        list.add(ParameterDescriptor.choice(PhsicSettings.MODE, PhsicSettings.Mode.TWO_SAMPLE,
                "TWO_SAMPLE: the online rule on the current and previous sample, one update per sample, running kernel means;"
                        + " BATCH: pHSIC over non-overlapping minibatches of batchSize samples, exact in-batch means"));
        list.add(ParameterDescriptor.integer(PhsicSettings.BATCH_SIZE, DEFAULT_BATCH_SIZE, 2L, null,
                "minibatch length in BATCH mode, the IB rule's MNIST window (Pogodin and Latham used 256 with a"
                        + " larger learning rate); unused in TWO_SAMPLE mode [samples]"));
        list.add(ParameterDescriptor.real(PhsicSettings.GAMMA, 2.0, 0.0, null,
                "weight γ of the label term in pHSIC(Z,Z) − γ·pHSIC(Y,Z) [dimensionless]"));
        list.add(ParameterDescriptor.real(PhsicSettings.SIGMA_Z, 5.0, 1e-9, null,
                "bandwidth σ_z of the Gaussian activity kernel exp(−‖z−z′‖²/2σ_z²), NOT scaled by the layer width"
                        + " [activity units]"));
        list.add(ParameterDescriptor.choice(PhsicSettings.LABEL_KERNEL, PhsicSettings.LabelKernel.COSINE,
                "COSINE: cosine similarity of centred one-hot labels y − 1/C (Pogodin and Latham);"
                        + " GAUSSIAN: exp(−‖y−y′‖²/2σ_y²) on one-hot labels"));
        list.add(ParameterDescriptor.real(PhsicSettings.SIGMA_Y, 0.5, 1e-9, null,
                "bandwidth σ_y of the GAUSSIAN label kernel, not scaled; 0.5 gives e^-4 between classes [label units]"));
        list.add(ParameterDescriptor.real(PhsicSettings.MEAN_DECAY, 0.99, 0.0, 1.0 - 1e-12,
                "TWO_SAMPLE mode: decay per sample of the running averages k̄ of the 2×2 kernel means;"
                        + " 0 uses the pair's own mean (1+k)/2, the exact two-sample gradient [per sample]"));
        list.addAll(OptimizerSettings.descriptors(DEFAULT_LEARNING_RATE));
        return List.copyOf(list);
    }

    @Override
    public String description() {
        return "pHSIC baseline (Pogodin & Latham): layer-local pHSIC(Z,Z) − γ·pHSIC(Y,Z), two-sample or minibatch;"
                + " cross-entropy delta rule at the output";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return PARAMETERS;
    }

    @Override
    public Learner create(Network network, Parameters parameters, TrialContext context) {
        return new PhsicLearner(network, PhsicSettings.from(parameters), OptimizerSettings.from(parameters), context);
    }
}

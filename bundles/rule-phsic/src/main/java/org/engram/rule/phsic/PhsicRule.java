package org.engram.rule.phsic;

import java.util.List;
import org.engram.api.EngramRule;
import org.engram.api.TrialContext;
import org.engram.api.network.Network;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
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

    @Override
    public String description() {
        return "pHSIC baseline (Pogodin & Latham): layer-local pHSIC(Z,Z) − γ·pHSIC(Y,Z), two-sample or minibatch;"
                + " cross-entropy delta rule at the output";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return PhsicSettings.PARAMETERS.descriptors();
    }

    @Override
    public Learner create(Network network, Parameters parameters, TrialContext context) {
        PhsicSettings settings = PhsicSettings.PARAMETERS.read(parameters);
        return new PhsicLearner(network, settings, settings.optimizer(), context);
    }
}

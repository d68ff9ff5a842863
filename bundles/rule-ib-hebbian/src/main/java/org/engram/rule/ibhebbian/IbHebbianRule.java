package org.engram.rule.ibhebbian;

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
 * Daruwalla and Lipasti's information-bottleneck Hebbian rule (spec §2): each hidden layer descends its own
 * loss HSIC(X,Z) − γ·HSIC(Y,Z) through a three-factor update, the modulator ξ from the trial's working
 * memory times the layer's local Hebbian term; the output layer follows a window cross-entropy delta rule.
 */
@Component(service = LearningRule.class)
@EngramRule("ib-hebbian")
public final class IbHebbianRule implements LearningRule {

    @Override
    public String description() {
        return "information-bottleneck Hebbian rule: layer-local HSIC objective, modulator ξ from working memory";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return IbHebbianSettings.PARAMETERS.descriptors();
    }

    @Override
    public Learner create(Network network, Parameters parameters, TrialContext context) {
        return IbHebbianLearner.open(network, IbHebbianSettings.PARAMETERS.read(parameters), context);
    }
}

package org.engram.rule.backprop;

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
 * The back-propagation reference (spec §4.3): end-to-end softmax cross-entropy over ordinary,
 * non-overlapping minibatches, the same optimizer as the paper's rule.
 */
@Component(service = LearningRule.class)
@EngramRule("backprop")
public final class BackpropRule implements LearningRule {

    static final String BATCH_SIZE = "batchSize";
    /** The paper's MNIST back-propagation learning rate (spec §4.3). */
    static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** The Frontiers data config's {@code batchsize}; the published curve's batch is not recorded (spec Q10). */
    static final int DEFAULT_BATCH_SIZE = 6;

    private static final List<ParameterDescriptor> PARAMETERS = parameterList();

    private static List<ParameterDescriptor> parameterList() {
        List<ParameterDescriptor> list = new ArrayList<>();
        list.add(ParameterDescriptor.integer(BATCH_SIZE, DEFAULT_BATCH_SIZE, 1L, null,
                "samples per minibatch; batches do not overlap [samples]"));
        list.addAll(OptimizerSettings.descriptors(DEFAULT_LEARNING_RATE));
        return List.copyOf(list);
    }

    @Override
    public String description() {
        return "Back-propagation reference: end-to-end softmax cross-entropy over non-overlapping minibatches";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return PARAMETERS;
    }

    @Override
    public Learner create(Network network, Parameters parameters, TrialContext context) {
        return new BackpropLearner(network, parameters.getInt(BATCH_SIZE), OptimizerSettings.from(parameters), context);
    }
}

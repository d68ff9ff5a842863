package org.engram.rule.backprop;

import java.util.List;
import org.engram.api.EngramRule;
import org.engram.api.TrialContext;
import org.engram.api.network.Network;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterGroup;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
import org.engram.numerics.optim.LearningRateSchedule;
import org.engram.numerics.optim.OptimizerSettings;
import org.osgi.service.component.annotations.Component;

/**
 * The back-propagation reference (spec §4.3): end-to-end softmax cross-entropy over ordinary,
 * non-overlapping minibatches, the same optimizer as the paper's rule.
 */
@Component(service = LearningRule.class)
@EngramRule("backprop")
public final class BackpropRule implements LearningRule {

    /** The Frontiers data config's {@code batchsize}; the published curve's batch is not recorded (spec Q10). */
    static final int DEFAULT_BATCH_SIZE = 6;

    /** The rule's parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "" + DEFAULT_BATCH_SIZE, min = 1, description = "samples per minibatch; batches do not overlap [samples]")
            int batchSize,
            @ParameterGroup OptimizerSettings optimizer,
            @ParameterGroup LearningRateSchedule schedule) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public String description() {
        return "Back-propagation reference: end-to-end softmax cross-entropy over non-overlapping minibatches";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public Learner create(Network network, Parameters parameters, TrialContext context) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        return new BackpropLearner(network, settings.batchSize(), settings.optimizer(), settings.schedule(), context);
    }
}

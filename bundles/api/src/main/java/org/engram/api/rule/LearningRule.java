package org.engram.api.rule;

import org.engram.api.Plugin;
import org.engram.api.TrialContext;
import org.engram.api.network.Network;
import org.engram.api.param.Parameters;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A learning-rule plugin: a stateless service that creates one {@link Learner} per trial. Register
 * with {@code @EngramRule}. A layer-local rule (IB-Hebbian, pHSIC) simply never crosses layers;
 * back-propagation uses the whole network.
 */
@ConsumerType
public interface LearningRule extends Plugin {

    Learner create(Network network, Parameters parameters, TrialContext context);
}

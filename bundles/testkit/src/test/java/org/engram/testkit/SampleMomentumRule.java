package org.engram.testkit;

import org.engram.api.EngramRule;
import org.engram.api.rule.LearningRule;
import org.osgi.service.component.annotations.Component;

/** The well-behaved checkpointable sample rule, registered as a plugin. */
@Component(service = LearningRule.class)
@EngramRule("sample-momentum")
public final class SampleMomentumRule extends MomentumRule {
}

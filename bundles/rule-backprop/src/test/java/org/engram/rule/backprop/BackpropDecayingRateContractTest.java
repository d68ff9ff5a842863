package org.engram.rule.backprop;

import java.util.Map;
import org.engram.api.param.Parameters;
import org.engram.api.rule.LearningRule;
import org.engram.testkit.LearningRuleContract;

/** The checks every rule passes, with a learning rate that halves every epoch: the checkpoint must carry its place. */
class BackpropDecayingRateContractTest extends LearningRuleContract {

    @Override
    protected LearningRule rule() {
        return new BackpropRule();
    }

    @Override
    protected Parameters parameters() {
        return Parameters.resolve("rule 'backprop'", new BackpropRule().parameters(), Map.of("learningRateDecay", 0.5));
    }
}

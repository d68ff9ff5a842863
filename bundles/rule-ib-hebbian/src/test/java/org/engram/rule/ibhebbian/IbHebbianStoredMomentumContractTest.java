package org.engram.rule.ibhebbian;

import java.util.Map;
import org.engram.api.param.Parameters;
import org.engram.api.rule.LearningRule;
import org.engram.testkit.LearningRuleContract;

/**
 * The checks every rule passes, with STORED past activity, momentum SGD and a decaying learning rate: the other mode,
 * optimizer state and the schedule's place in a checkpoint.
 */
class IbHebbianStoredMomentumContractTest extends LearningRuleContract {

    @Override
    protected LearningRule rule() {
        return new IbHebbianRule();
    }

    @Override
    protected Parameters parameters() {
        return Parameters.resolve("rule 'ib-hebbian'", new IbHebbianRule().parameters(),
                Map.of("pastActivity", "STORED", "optimizer", "MOMENTUM", "learningRate", 0.01,
                        "learningRateDecay", 0.5));
    }
}

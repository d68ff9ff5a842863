package org.engram.rule.phsic;

import java.util.Map;
import org.engram.api.param.Parameters;
import org.engram.api.rule.LearningRule;
import org.engram.testkit.LearningRuleContract;

/** The checks every rule passes, in BATCH mode with momentum SGD and a learning rate that halves every epoch. */
class PhsicBatchMomentumContractTest extends LearningRuleContract {

    @Override
    protected LearningRule rule() {
        return new PhsicRule();
    }

    @Override
    protected Parameters parameters() {
        return Parameters.resolve("rule 'phsic'", new PhsicRule().parameters(),
                Map.of("mode", "BATCH", "batchSize", 6, "optimizer", "MOMENTUM", "learningRate", 0.01,
                        "learningRateDecay", 0.5));
    }
}

package org.engram.testkit;

import org.engram.api.rule.LearningRule;

class SampleMomentumRuleContractTest extends LearningRuleContract {

    @Override
    protected LearningRule rule() {
        return new SampleMomentumRule();
    }
}

package org.engram.testkit;

import org.engram.api.rule.LearningRule;

class SampleRuleContractTest extends LearningRuleContract {

    @Override
    protected LearningRule rule() {
        return new SampleRule();
    }
}

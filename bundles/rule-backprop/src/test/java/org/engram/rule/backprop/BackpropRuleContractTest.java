package org.engram.rule.backprop;

import org.engram.api.rule.LearningRule;
import org.engram.testkit.LearningRuleContract;

/** The checks every rule passes, with the defaults (batch 6, AdamW). */
class BackpropRuleContractTest extends LearningRuleContract {

    @Override
    protected LearningRule rule() {
        return new BackpropRule();
    }
}

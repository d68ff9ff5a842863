package org.engram.rule.phsic;

import org.engram.api.rule.LearningRule;
import org.engram.testkit.LearningRuleContract;

/** The checks every rule passes, in the default two-sample mode (running kernel means, AdamW). */
class PhsicRuleContractTest extends LearningRuleContract {

    @Override
    protected LearningRule rule() {
        return new PhsicRule();
    }
}

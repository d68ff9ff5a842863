package org.engram.examples.oja;

import org.engram.api.rule.LearningRule;
import org.engram.testkit.LearningRuleContract;

/** The checks every learning rule passes, from the Engram test kit. */
class OjaRuleContractTest extends LearningRuleContract {

    @Override
    protected LearningRule rule() {
        return new OjaRule();
    }
}

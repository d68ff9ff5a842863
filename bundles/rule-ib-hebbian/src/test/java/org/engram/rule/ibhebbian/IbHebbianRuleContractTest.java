package org.engram.rule.ibhebbian;

import org.engram.api.rule.LearningRule;
import org.engram.testkit.LearningRuleContract;

/** The checks every rule passes, with the defaults (RECOMPUTE, AdamW). */
class IbHebbianRuleContractTest extends LearningRuleContract {

    @Override
    protected LearningRule rule() {
        return new IbHebbianRule();
    }

}

package ${package};

import org.engram.api.rule.LearningRule;
import org.engram.testkit.LearningRuleContract;

/** The checks every learning rule passes, from the Engram test kit. */
class ${className}ContractTest extends LearningRuleContract {

    @Override
    protected LearningRule rule() {
        return new ${className}();
    }
}

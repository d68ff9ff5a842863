package ${package};

import org.engram.api.memory.WorkingMemory;
import org.engram.testkit.WorkingMemoryContract;

/** The checks every working memory passes, from the Engram test kit. */
class ${className}ContractTest extends WorkingMemoryContract {

    @Override
    protected WorkingMemory memory() {
        return new ${className}();
    }
}

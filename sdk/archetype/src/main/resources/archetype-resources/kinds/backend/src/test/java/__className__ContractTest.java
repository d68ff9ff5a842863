package ${package};

import org.engram.api.compute.ComputeBackend;
import org.engram.testkit.ComputeBackendContract;

/** The checks every compute backend passes, from the Engram test kit. */
class ${className}ContractTest extends ComputeBackendContract {

    @Override
    protected ComputeBackend backend() {
        return new ${className}();
    }
}

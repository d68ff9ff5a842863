package org.engram.compute.java;

import org.engram.api.compute.ComputeBackend;
import org.engram.testkit.ComputeBackendContract;

class JavaBackendContractTest extends ComputeBackendContract {

    @Override
    protected ComputeBackend backend() {
        return new JavaComputeBackend();
    }
}

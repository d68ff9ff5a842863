package org.engram.testkit;

import org.engram.api.compute.ComputeBackend;

class ReferenceBackendContractTest extends ComputeBackendContract {

    @Override
    protected ComputeBackend backend() {
        return new ReferenceBackend();
    }
}

package org.engram.compute.nd4j;

import org.engram.api.compute.ComputeBackend;
import org.engram.testkit.ComputeBackendContract;

/** Runs ND4J on the plain class path; its first use in the JVM loads (and the first ever extracts) the natives. */
class Nd4jBackendContractTest extends ComputeBackendContract {

    @Override
    protected ComputeBackend backend() {
        return new Nd4jComputeBackend();
    }
}

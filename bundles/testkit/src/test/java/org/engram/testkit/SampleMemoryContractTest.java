package org.engram.testkit;

import org.engram.api.memory.WorkingMemory;

class SampleMemoryContractTest extends WorkingMemoryContract {

    @Override
    protected WorkingMemory memory() {
        return new SampleMemory();
    }
}

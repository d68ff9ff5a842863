package org.engram.memory.window;

import org.engram.api.memory.WorkingMemory;
import org.engram.testkit.WorkingMemoryContract;

/** The checks every memory passes. */
class WindowMemoryContractTest extends WorkingMemoryContract {

    @Override
    protected WorkingMemory memory() {
        return new WindowMemory();
    }
}

package org.engram.memory.reservoir;

import java.util.Map;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.param.Parameters;
import org.engram.testkit.WorkingMemoryContract;

/** The checks every memory passes, with the RIDGE readout reading the current sample (its statistics in the checkpoint). */
class ReservoirRidgeContractTest extends WorkingMemoryContract {

    @Override
    protected WorkingMemory memory() {
        return new ReservoirMemory();
    }

    @Override
    protected Parameters parameters() {
        return Parameters.resolve("memory 'reservoir'", new ReservoirMemory().parameters(),
                Map.of("units", 40, "steps", 5, "readout", "RIDGE", "readoutSample", true, "inputScaling", 0.2));
    }
}

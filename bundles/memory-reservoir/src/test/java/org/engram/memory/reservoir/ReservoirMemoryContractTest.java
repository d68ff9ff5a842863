package org.engram.memory.reservoir;

import java.util.Map;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.param.Parameters;
import org.engram.testkit.WorkingMemoryContract;

/**
 * The checks every memory passes, on a small reservoir (40 units, 5 steps per request) with rate and readout
 * noise, so the checkpoint round trip covers the noise generator too.
 */
class ReservoirMemoryContractTest extends WorkingMemoryContract {

    @Override
    protected WorkingMemory memory() {
        return new ReservoirMemory();
    }

    @Override
    protected Parameters parameters() {
        return Parameters.resolve("memory 'reservoir'", new ReservoirMemory().parameters(),
                Map.of("units", 40, "steps", 5, "averageSteps", 2, "hiddenNoise", 0.01, "outputNoise", 0.01));
    }
}

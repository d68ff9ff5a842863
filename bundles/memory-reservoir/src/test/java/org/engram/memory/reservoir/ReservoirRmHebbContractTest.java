package org.engram.memory.reservoir;

import java.util.Map;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.param.Parameters;
import org.engram.testkit.WorkingMemoryContract;

/**
 * The checks every memory passes, with the reward-modulated Hebbian readout (running means, decaying rate) and a
 * pre-training phase that outlasts the checkpoint, on a small noisy reservoir.
 */
class ReservoirRmHebbContractTest extends WorkingMemoryContract {

    @Override
    protected WorkingMemory memory() {
        return new ReservoirMemory();
    }

    @Override
    protected Parameters parameters() {
        return Parameters.resolve("memory 'reservoir'", new ReservoirMemory().parameters(),
                Map.of("units", 40, "steps", 5, "readout", "RMHEBB", "outputNoise", 0.05, "pretrainSamples", 300));
    }
}

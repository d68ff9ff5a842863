package org.engram.memory.reservoir;

import java.util.Map;

/**
 * The checks every memory passes, with the reward-modulated Hebbian readout (running means, decaying rate) and a
 * pre-training phase that outlasts the checkpoint, on a small noisy reservoir.
 */
class ReservoirRmHebbContractTest extends ReservoirContract {

    @Override
    Map<String, Object> given() {
        return Map.of("units", 40, "steps", 5, "readout", "RMHEBB", "outputNoise", 0.05, "pretrainSamples", 300);
    }
}

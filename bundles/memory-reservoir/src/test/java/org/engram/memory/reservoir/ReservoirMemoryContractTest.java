package org.engram.memory.reservoir;

import java.util.Map;

/**
 * The checks every memory passes, on a small reservoir (40 units, 5 steps per request) with rate and readout
 * noise, so the checkpoint round trip covers the noise generator too.
 */
class ReservoirMemoryContractTest extends ReservoirContract {

    @Override
    Map<String, Object> given() {
        return Map.of("units", 40, "steps", 5, "averageSteps", 2, "hiddenNoise", 0.01, "outputNoise", 0.01);
    }
}

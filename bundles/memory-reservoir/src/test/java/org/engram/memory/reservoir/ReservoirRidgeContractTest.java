package org.engram.memory.reservoir;

import java.util.Map;

/** The checks every memory passes, with the RIDGE readout reading the current sample (its statistics in the checkpoint). */
class ReservoirRidgeContractTest extends ReservoirContract {

    @Override
    Map<String, Object> given() {
        return Map.of("units", 40, "steps", 5, "readout", "RIDGE", "readoutSample", true, "inputScaling", 0.2);
    }
}

package org.engram.memory.lstm;

import java.util.Map;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.param.Parameters;
import org.engram.testkit.WorkingMemoryContract;

/** The checks every memory passes, with momentum SGD, a short truncation and no target normalisation. */
class LstmMomentumContractTest extends WorkingMemoryContract {

    @Override
    protected WorkingMemory memory() {
        return new LstmMemory();
    }

    @Override
    protected Parameters parameters() {
        return Parameters.resolve("memory 'lstm'", new LstmMemory().parameters(), Map.of("hiddenUnits", 10,
                "truncation", 3, "normalizeTarget", false, "optimizer", "MOMENTUM", "learningRate", 1e-2));
    }
}

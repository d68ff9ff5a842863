package org.engram.memory.lstm;

import java.util.Map;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.param.Parameters;
import org.engram.testkit.WorkingMemoryContract;

/** The checks every memory passes, on a small LSTM (12 cells) with the default AdamW and target normalisation. */
class LstmMemoryContractTest extends WorkingMemoryContract {

    @Override
    protected WorkingMemory memory() {
        return new LstmMemory();
    }

    @Override
    protected Parameters parameters() {
        return Parameters.resolve("memory 'lstm'", new LstmMemory().parameters(), Map.of("hiddenUnits", 12));
    }
}

package org.engram.memory.reservoir;

import java.util.Map;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.param.Parameters;
import org.engram.testkit.WorkingMemoryContract;

/** The test kit's memory checks on the reservoir plugin, each subclass with its own parameters. */
abstract class ReservoirContract extends WorkingMemoryContract {

    @Override
    protected WorkingMemory memory() {
        return new ReservoirMemory();
    }

    @Override
    protected Parameters parameters() {
        return Parameters.resolve("memory 'reservoir'", new ReservoirMemory().parameters(), given());
    }

    /** The parameters given, the others at their defaults. */
    abstract Map<String, Object> given();
}

package org.engram.testkit;

import org.engram.api.EngramMemory;
import org.engram.api.memory.WorkingMemory;
import org.osgi.service.component.annotations.Component;

/** The well-behaved sample memory, registered as a plugin; checkpointable, so the round-trip check applies. */
@Component(service = WorkingMemory.class)
@EngramMemory("sample-ema")
public final class SampleMemory extends EmaMemory {
    @Override
    boolean checkpointable() {
        return true;
    }
}

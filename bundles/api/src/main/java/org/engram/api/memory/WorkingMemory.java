package org.engram.api.memory;

import org.engram.api.Plugin;
import org.engram.api.TrialContext;
import org.engram.api.param.Parameters;
import org.osgi.annotation.versioning.ConsumerType;

/** A working-memory plugin: creates one {@link Memory} per trial and task. Register with {@code @EngramMemory}. */
@ConsumerType
public interface WorkingMemory extends Plugin {

    Memory create(MemoryTask task, Parameters parameters, TrialContext context);
}

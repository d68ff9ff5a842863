package org.engram.memory.reservoir;

import java.util.List;
import org.engram.api.EngramMemory;
import org.engram.api.TrialContext;
import org.engram.api.memory.FreezableMemory;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * Daruwalla and Lipasti's working memory (spec §3): one echo-state reservoir per layer that sees only the
 * current sample [x; y; z] and learns, through a linear readout trained by LMS (Frontiers) or
 * reward-modulated Hebbian learning (v1), to emit the rule's modulatory signal, which depends on the
 * last N samples. The recurrent products go through the trial's compute backend.
 */
@Component(service = WorkingMemory.class)
@EngramMemory("reservoir")
public final class ReservoirMemory implements WorkingMemory, FreezableMemory {

    @Override
    public String description() {
        return "echo-state reservoir per layer whose LMS or reward-modulated Hebbian readout learns the modulatory signal";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return ReservoirSettings.PARAMETERS.descriptors();
    }

    @Override
    public Memory create(MemoryTask task, Parameters parameters, TrialContext context) {
        return new ReservoirTrial(task, ReservoirSettings.PARAMETERS.read(parameters), context);
    }
}

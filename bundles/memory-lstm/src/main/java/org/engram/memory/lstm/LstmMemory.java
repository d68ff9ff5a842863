package org.engram.memory.lstm;

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
 * A gated alternative to the reservoir (not from the paper): one LSTM per layer sees the same stream of
 * current samples [x; y; z] and learns the rule's modulatory signal online by truncated BPTT over the
 * last N samples, the span the signal depends on, with AdamW.
 */
@Component(service = WorkingMemory.class)
@EngramMemory("lstm")
public final class LstmMemory implements WorkingMemory, FreezableMemory {

    @Override
    public String description() {
        return "LSTM per layer trained online (truncated BPTT over the window, AdamW) to emit the modulatory signal";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return LstmSettings.PARAMETERS.descriptors();
    }

    @Override
    public Memory create(MemoryTask task, Parameters parameters, TrialContext context) {
        return new LstmTrial(task, LstmSettings.PARAMETERS.read(parameters), context);
    }
}

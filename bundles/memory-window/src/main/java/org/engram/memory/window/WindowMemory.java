package org.engram.memory.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.util.List;
import org.engram.api.Checkpointable;
import org.engram.api.EngramMemory;
import org.engram.api.TrialContext;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.network.Window;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * The ideal working memory: it holds the whole window, so its signal is the task's exact signal.
 * The reference every learned memory (reservoir, gated) is compared against, and what the published
 * Frontiers experiments used (spec §7.4, quirk 6).
 */
@Component(service = WorkingMemory.class)
@EngramMemory("window")
public final class WindowMemory implements WorkingMemory {

    @Override
    public String description() {
        return "ideal memory of the last N samples: returns the rule's exact modulatory signal";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }

    @Override
    public Memory create(MemoryTask task, Parameters parameters, TrialContext context) {
        return new ExactMemory(task);
    }

    /**
     * Passes every request straight to the task; nothing to learn, so {@code setLearning} has no effect. It
     * implements {@link Checkpointable} with an empty state, so trials that use it can be checkpointed.
     */
    private static final class ExactMemory implements Memory, Checkpointable {
        private final MemoryTask task;

        ExactMemory(MemoryTask task) {
            this.task = task;
        }

        @Override
        public void signal(int layer, Window window, double[] activity, double[] out) {
            if (window.length() < task.windowLength()) {
                throw new IllegalArgumentException("the window holds " + window.length() + " samples but the task needs "
                        + task.windowLength());
            }
            task.exactSignal(layer, window, activity, out);
        }

        @Override
        public void writeState(DataOutput out) {
            // the window is the engine's; nothing here outlives a call
        }

        @Override
        public void readState(DataInput in) {
            // nothing was written
        }
    }
}

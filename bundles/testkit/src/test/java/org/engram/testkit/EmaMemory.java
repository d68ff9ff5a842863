package org.engram.testkit;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import org.engram.api.Checkpointable;
import org.engram.api.TrialContext;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.network.Window;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;

/**
 * A well-behaved memory for the suites' own tests: an exponential moving average of the task's exact
 * signal, per layer. Subclasses break one promise each through the hooks.
 */
abstract class EmaMemory implements WorkingMemory {

    @Override
    public String description() {
        return "moving average of the exact signal (test sample)";
    }

    record Settings(
            @Parameter(defaultValue = "0.5", min = 0.0, max = 1.0,
                    description = "weight of the newest exact signal, per step")
            double rate) {
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return ParameterSet.of(Settings.class).descriptors();
    }

    @Override
    public Memory create(MemoryTask task, Parameters parameters, TrialContext context) {
        double[][] averages = new double[task.layers()][];
        for (int l = 0; l < averages.length; l++) {
            averages[l] = new double[task.signalSize(l)];
        }
        return checkpointable() ? new CheckpointedEma(task, parameters.getDouble("rate"), averages)
                : new Ema(task, parameters.getDouble("rate"), averages);
    }

    /** Whether its memories implement Checkpointable; subclasses that do may save too little. */
    boolean checkpointable() {
        return false;
    }

    /** Writes a memory's state: every layer's average. */
    void save(Ema memory, DataOutput out) throws IOException {
        for (double[] average : memory.averages) {
            for (double v : average) {
                out.writeDouble(v);
            }
        }
    }

    void load(Ema memory, DataInput in) throws IOException {
        for (double[] average : memory.averages) {
            for (int j = 0; j < average.length; j++) {
                average[j] = in.readDouble();
            }
        }
    }

    /** Where a memory keeps its average of one layer; subclasses may keep it in the wrong place. */
    double[] average(Ema memory, int layer) {
        return memory.averages[layer];
    }

    /** Called at the end of each signal(); subclasses may misbehave here. */
    void afterSignal(double[] activity, double[] out) {
    }

    /** How many of the signal's units are written; subclasses may write fewer. */
    int written(int size) {
        return size;
    }

    class Ema implements Memory {
        final MemoryTask task;
        final double rate;
        final double[][] averages;
        final double[][] exact;

        Ema(MemoryTask task, double rate, double[][] averages) {
            this.task = task;
            this.rate = rate;
            this.averages = averages;
            this.exact = new double[averages.length][];
            for (int l = 0; l < averages.length; l++) {
                exact[l] = new double[averages[l].length];
            }
        }

        @Override
        public void signal(int layer, Window window, double[] activity, double[] out) {
            task.exactSignal(layer, window, activity, exact[layer]);
            double[] average = average(this, layer);
            for (int j = 0; j < written(out.length); j++) {
                average[j] += rate * (exact[layer][j] - average[j]);
                out[j] = average[j];
            }
            afterSignal(activity, out);
        }
    }

    final class CheckpointedEma extends Ema implements Checkpointable {
        CheckpointedEma(MemoryTask task, double rate, double[][] averages) {
            super(task, rate, averages);
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            save(this, out);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            load(this, in);
        }
    }
}

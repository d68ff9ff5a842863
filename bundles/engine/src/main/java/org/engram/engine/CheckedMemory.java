package org.engram.engine;

import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Window;

/**
 * The memory a rule gets from {@code TrialContext.openMemory}: the plugin's memory, with each signal ξ checked
 * for NaN and infinity (d comparisons per layer and step, nothing allocated) and each fault of the memory plugin
 * attributed to it.
 */
final class CheckedMemory implements Memory {

    private final Memory delegate;
    private final MemoryTask task;
    private final PluginRegistry.Entry plugin;

    CheckedMemory(Memory delegate, MemoryTask task, PluginRegistry.Entry plugin) {
        this.delegate = delegate;
        this.task = task;
        this.plugin = plugin;
    }

    @Override
    public void signal(int layer, Window window, double[] activity, double[] out) {
        try {
            delegate.signal(layer, window, activity, out);
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            throw new PluginFaultException(plugin, e);
        }
        int d = Math.min(out.length, task.signalSize(layer));
        for (int i = 0; i < d; i++) {
            if (!Double.isFinite(out[i])) {
                throw new NonFiniteValueException("the modulatory signal ξ of layer " + layer, layer, out[i], i);
            }
        }
    }

    @Override
    public void setLearning(boolean learning) {
        try {
            delegate.setLearning(learning);
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            throw new PluginFaultException(plugin, e);
        }
    }

    /** The plugin's own memory, e.g. to checkpoint it. */
    Memory delegate() {
        return delegate;
    }

    PluginRegistry.Entry plugin() {
        return plugin;
    }
}

package org.engram.engine;

import java.util.Arrays;
import java.util.function.ObjDoubleConsumer;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Window;

/**
 * The memory a rule gets from {@code TrialContext.openMemory}: the plugin's memory, with each signal ξ checked
 * for NaN and infinity (d comparisons per layer and step, nothing allocated) and each fault of the memory plugin
 * attributed to it.
 *
 * <p>Under a memory schedule it also probes: on the windows the engine marks as {@link #probing probe windows}
 * (spread evenly over each epoch) it computes the exact signal ξ* itself (the memory does not see it) for every
 * request and accumulates the memory's error against it, for the epoch's normalised mean squared error
 * NMSE = Σ‖ξ − ξ*‖² / Σ‖ξ* − mean ξ*‖² (1: no better than always answering the probes' mean).
 */
final class CheckedMemory implements Memory {

    private final Memory delegate;
    private final MemoryTask task;
    private final PluginRegistry.Entry plugin;
    /** Whether the current window is a probe window. */
    private boolean probing;
    /** Per layer: [d] ξ* of the probe, [d] its sum over the epoch's probes, and the sums of squares. */
    private double[][] probeTarget;
    private double[][] probeSum;
    /** Per layer: [d] the sum of the errors ξ − ξ*, for the offset's share of the error. */
    private double[][] probeErrorSum;
    /** Per layer: the sum over probes of cos(ξ, ξ*). */
    private double[] probeCosine;
    /** Per layer: Σ‖ξ‖² over the probes. */
    private double[] probeOwnSquare;
    private double[] probeError;
    private double[] probeSquare;
    private long[] probeCount;

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
        if (probing) {
            measure(layer, window, activity, out, d);
        }
    }

    /** Makes the probe's buffers: allocates here only. */
    void startProbes() {
        int layers = task.layers();
        probeTarget = new double[layers][];
        probeSum = new double[layers][];
        probeErrorSum = new double[layers][];
        probeCosine = new double[layers];
        probeOwnSquare = new double[layers];
        for (int l = 0; l < layers; l++) {
            probeTarget[l] = new double[task.signalSize(l)];
            probeSum[l] = new double[task.signalSize(l)];
            probeErrorSum[l] = new double[task.signalSize(l)];
        }
        probeError = new double[layers];
        probeSquare = new double[layers];
        probeCount = new long[layers];
    }

    /** Whether the requests of the coming window are probed (only after {@link #startProbes}). */
    void probing(boolean on) {
        probing = on && probeCount != null;
    }

    /** One probe: ξ* computed here, by the task, from the request's own window and activity. */
    private void measure(int layer, Window window, double[] activity, double[] out, int d) {
        double[] target = probeTarget[layer];
        task.exactSignal(layer, window, activity, target);
        double[] sum = probeSum[layer];
        double[] errorSum = probeErrorSum[layer];
        double dot = 0.0;
        double outSquare = 0.0;
        double targetSquare = 0.0;
        for (int k = 0; k < d; k++) {
            double e = out[k] - target[k];
            probeError[layer] += e * e;
            targetSquare += target[k] * target[k];
            sum[k] += target[k];
            errorSum[k] += e;
            dot += out[k] * target[k];
            outSquare += out[k] * out[k];
        }
        probeSquare[layer] += targetSquare;
        probeOwnSquare[layer] += outSquare;
        probeCosine[layer] += outSquare > 0.0 && targetSquare > 0.0 ? dot / Math.sqrt(outSquare * targetSquare) : 0.0;
        probeCount[layer]++;
    }

    /**
     * Hands each layer's probe scores of the epoch, then starts the next epoch's probes: {@code memory_nmse/<layer>}
     * (NaN when no probe ran or ξ* did not vary across them); {@code memory_offset/<layer>}, the part of it that a
     * constant offset of ξ explains (n‖mean(ξ − ξ*)‖² over the same denominator); {@code memory_cosine/<layer>}, the
     * mean cosine between ξ and ξ* (1: the same direction, which is what a Hebbian update takes from ξ);
     * {@code memory_gain/<layer>}, √(Σ‖ξ‖²/Σ‖ξ*‖²), the size of ξ against ξ* (below 1: smaller steps than the window's).
     */
    void endEpoch(ObjDoubleConsumer<String> report) {
        if (probeCount == null) {
            return;
        }
        for (int l = 0; l < probeCount.length; l++) {
            long n = probeCount[l];
            double spread = probeSquare[l];
            for (double s : probeSum[l]) {
                spread -= n == 0 ? 0.0 : s * s / n;
            }
            double offset = 0.0;
            for (double e : probeErrorSum[l]) {
                offset += n == 0 ? 0.0 : e * e / n;
            }
            boolean scored = n > 0 && spread > 0.0;
            report.accept("memory_nmse/" + l, scored ? probeError[l] / spread : Double.NaN);
            report.accept("memory_offset/" + l, scored ? offset / spread : Double.NaN);
            report.accept("memory_cosine/" + l, n > 0 ? probeCosine[l] / n : Double.NaN);
            report.accept("memory_gain/" + l, probeSquare[l] > 0.0 ? Math.sqrt(probeOwnSquare[l] / probeSquare[l]) : Double.NaN);
            probeError[l] = 0.0;
            probeOwnSquare[l] = 0.0;
            probeCosine[l] = 0.0;
            Arrays.fill(probeErrorSum[l], 0.0);
            probeSquare[l] = 0.0;
            probeCount[l] = 0;
            Arrays.fill(probeSum[l], 0.0);
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

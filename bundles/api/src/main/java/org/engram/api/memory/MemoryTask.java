package org.engram.api.memory;

import org.engram.api.network.Window;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a rule needs from working memory: one modulatory signal per layer, and the exact value of it
 * (the teacher a learned memory is trained towards, and what an ideal memory returns). Implemented
 * by the rule, which alone knows its objective.
 */
@ConsumerType
public interface MemoryTask {

    /** Number of layers that need a signal. */
    int layers();

    /** Length of layer {@code layer}'s signal (its number of units). */
    int signalSize(int layer);

    /** The window length N the exact signal is computed over: the capacity the memory needs. */
    int windowLength();

    /**
     * Computes the exact signal for one layer from the whole window.
     *
     * @param activity [N, signalSize(layer)] the layer's activity for each window row, current last
     * @param out      [signalSize(layer)] written
     */
    void exactSignal(int layer, Window window, double[] activity, double[] out);
}

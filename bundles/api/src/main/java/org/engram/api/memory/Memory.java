package org.engram.api.memory;

import org.engram.api.network.Window;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One trial's working memory. Each step it observes the current sample and emits the modulatory
 * signal for each layer. An ideal memory may read the whole window; a learned memory (reservoir,
 * gated) takes only the current row as its input and uses {@link MemoryTask#exactSignal} solely as
 * the teacher for its readout while {@link #setLearning learning} is on.
 */
@ConsumerType
public interface Memory {

    /**
     * @param activity [N, d] the layer's activity for each window row, current last
     * @param out      [d] the signal, written
     */
    void signal(int layer, Window window, double[] activity, double[] out);

    /**
     * Switches the memory's own learning on or off. Default: on. The engine switches it off when the trial's
     * memory schedule freezes a {@link FreezableMemory}'s memory; a memory that is off computes no exact signal.
     */
    default void setLearning(boolean learning) {
    }
}

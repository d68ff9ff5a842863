package org.engram.api.memory;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a {@link WorkingMemory} plugin whose memories learn their signal from
 * {@link MemoryTask#exactSignal} and can run without it: after {@link Memory#setLearning
 * setLearning(false)} such a memory must not call {@code exactSignal} again. The engine freezes only
 * these; a study that asks to freeze another memory (the ideal window, which is the exact signal) is
 * refused before it runs.
 *
 * <p>The schedule keys below are read by the engine from the memory's section of a trial, beside the
 * plugin's own parameters: the memory learns for {@link #LEARN_EPOCHS} epochs or {@link #LEARN_WINDOWS}
 * learning windows, then runs frozen; on {@link #PROBE_WINDOWS} windows of every epoch, spread evenly
 * over it, the engine alone computes the exact signal to measure the memory's error against it.
 */
@ConsumerType
public interface FreezableMemory {

    /** Whole number ≥ 0: epochs during which the memory learns; frozen from the next epoch on. */
    String LEARN_EPOCHS = "learnEpochs";

    /** Whole number ≥ 0: learning windows (counted from the trial's start) during which the memory learns. */
    String LEARN_WINDOWS = "learnWindows";

    /** Whole number ≥ 0: windows per epoch on which the engine measures the memory against the exact signal. */
    String PROBE_WINDOWS = "probeWindows";
}

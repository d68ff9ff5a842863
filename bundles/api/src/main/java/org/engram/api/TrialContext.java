package org.engram.api;

import java.util.SplittableRandom;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the engine gives each per-trial object: seeded randomness, the chosen backend and working
 * memory, and a place to report metrics. One context per trial; never shared between trials.
 */
@ProviderType
public interface TrialContext {

    /** The trial's seed, as recorded in its provenance. */
    long seed();

    /**
     * A generator for one component of the trial, derived only from the seed and the component's
     * name, so adding a component never changes the random numbers of another.
     */
    SplittableRandom random(String component);

    /** The compute backend the trial was configured with. */
    ComputeBackend backend();

    /**
     * Opens the trial's working-memory module (chosen in the trial, not by the rule) for the task
     * the rule describes. Called once per trial by a rule that needs a modulatory signal.
     */
    Memory openMemory(MemoryTask task);

    /** Adds one observation of a metric to the current epoch; the engine records the mean. */
    void report(String metric, double value);
}

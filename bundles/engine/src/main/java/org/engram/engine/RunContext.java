package org.engram.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.engram.api.TrialContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.memory.WorkingMemory;
import org.engram.numerics.random.ComponentRandom;

/**
 * What one trial's plugins see of the engine ({@link TrialContext}): the seed and the generators derived from it per
 * component, the chosen backend, the study's working memory (each memory checked and kept for the checkpoint) and
 * the metrics reported during the current epoch. One per trial, on the trial's thread.
 */
final class RunContext implements TrialContext {

    private final ResolvedTrial trial;
    private final long seed;
    private final ComputeBackend backend;
    /** Per metric {sum, count} over the epoch so far; sorted, so the epoch's record lists them by name. */
    private final Map<String, double[]> epochMetrics = new TreeMap<>();
    /** Every memory the rule opened, in order: part of the trial's checkpoint. */
    private final List<CheckedMemory> memories = new ArrayList<>();

    /** @param backend the backend's view for this trial */
    RunContext(ResolvedTrial trial, ComputeBackend backend) {
        this.trial = trial;
        this.seed = trial.spec().seed();
        this.backend = backend;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public SplittableRandom random(String component) {
        return ComponentRandom.of(seed, component);
    }

    @Override
    public ComputeBackend backend() {
        return backend;
    }

    @Override
    public Memory openMemory(MemoryTask task) {
        Memory memory;
        try {
            memory = ((WorkingMemory) trial.memory().service()).create(task, trial.memoryParameters(), this);
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            throw new PluginFaultException(trial.memory(), e);
        }
        CheckedMemory checked = new CheckedMemory(memory, task, trial.memory());
        memories.add(checked);
        return checked;
    }

    @Override
    public void report(String metric, double value) {
        double[] sumCount = epochMetrics.computeIfAbsent(metric, k -> new double[2]);
        sumCount[0] += value;
        sumCount[1] += 1;
    }

    /** The memories opened so far, in order (a live view). */
    List<CheckedMemory> memories() {
        return Collections.unmodifiableList(memories);
    }

    /** Forgets the metrics reported so far: a new epoch starts. */
    void clearMetrics() {
        epochMetrics.clear();
    }

    /** The mean of each metric reported since {@link #clearMetrics}, by name. */
    Map<String, Double> means() {
        Map<String, Double> out = new TreeMap<>();
        epochMetrics.forEach((k, v) -> out.put(k, v[0] / v[1]));
        return out;
    }
}

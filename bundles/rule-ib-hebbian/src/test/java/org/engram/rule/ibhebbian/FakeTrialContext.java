package org.engram.rule.ibhebbian;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.TrialContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.param.Parameters;
import org.engram.memory.window.WindowMemory;
import org.engram.testkit.ReferenceBackend;

/**
 * A trial context for unit tests: the ideal window memory (or any memory the test supplies) and
 * per-metric sums and counts of what is reported, like the engine's epoch means.
 */
final class FakeTrialContext implements TrialContext {

    /** Builds the memory for a task; the default is the real {@code window} plugin. */
    interface MemoryFactory {
        Memory open(MemoryTask task, TrialContext context);
    }

    private final long seed;
    private final MemoryFactory memoryFactory;
    final List<MemoryTask> openedTasks = new ArrayList<>();
    private final Map<String, double[]> metrics = new HashMap<>();

    FakeTrialContext(long seed) {
        this(seed, (task, context) -> new WindowMemory().create(task, Parameters.defaults(List.of()), context));
    }

    FakeTrialContext(long seed, MemoryFactory memoryFactory) {
        this.seed = seed;
        this.memoryFactory = memoryFactory;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public SplittableRandom random(String component) {
        return new SplittableRandom(seed * 31 + component.hashCode());
    }

    @Override
    public ComputeBackend backend() {
        return new ReferenceBackend();
    }

    @Override
    public Memory openMemory(MemoryTask task) {
        openedTasks.add(task);
        return memoryFactory.open(task, this);
    }

    @Override
    public void report(String metric, double value) {
        double[] sumCount = metrics.computeIfAbsent(metric, k -> new double[2]);
        sumCount[0] += value;
        sumCount[1] += 1;
    }

    /** Mean of a metric since the last {@link #clearMetrics}. */
    double mean(String metric) {
        double[] sumCount = metrics.get(metric);
        return sumCount == null ? Double.NaN : sumCount[0] / sumCount[1];
    }

    long count(String metric) {
        double[] sumCount = metrics.get(metric);
        return sumCount == null ? 0 : (long) sumCount[1];
    }

    void clearMetrics() {
        metrics.clear();
    }
}

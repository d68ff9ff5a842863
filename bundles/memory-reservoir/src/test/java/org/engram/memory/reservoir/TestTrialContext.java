package org.engram.memory.reservoir;

import org.engram.testkit.ReferenceBackend;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.TrialContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;

/** A trial context for tests: seeded generators per component, the loop backend (or another), metric sums and counts. */
final class TestTrialContext implements TrialContext {
    private final long seed;
    private final ComputeBackend backend;
    private final Map<String, double[]> metrics = new HashMap<>();

    TestTrialContext(long seed) {
        this(seed, new ReferenceBackend());
    }

    TestTrialContext(long seed, ComputeBackend backend) {
        this.seed = seed;
        this.backend = backend;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public SplittableRandom random(String component) {
        return new SplittableRandom(seed * 1_000_003L + component.hashCode());
    }

    @Override
    public ComputeBackend backend() {
        return backend;
    }

    @Override
    public Memory openMemory(MemoryTask task) {
        throw new UnsupportedOperationException("a memory does not open memories");
    }

    @Override
    public void report(String metric, double value) {
        double[] sumCount = metrics.computeIfAbsent(metric, k -> new double[2]);
        sumCount[0] += value;
        sumCount[1] += 1;
    }

    /** Mean of a metric's observations, NaN if none. */
    double mean(String metric) {
        double[] sumCount = metrics.get(metric);
        return sumCount == null ? Double.NaN : sumCount[0] / sumCount[1];
    }

    long count(String metric) {
        double[] sumCount = metrics.get(metric);
        return sumCount == null ? 0 : (long) sumCount[1];
    }
}

package org.engram.rule.phsic;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.TrialContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.testkit.ReferenceBackend;

/** A trial context for unit tests: a naive backend, no working memory, metrics summed in memory. */
final class TestTrialContext implements TrialContext {
    private final long seed;
    private final ComputeBackend backend = new ReferenceBackend();
    /** Per metric: {sum, count}; a lookup allocates nothing, so allocation tests stay clean. */
    private final Map<String, double[]> metrics = new HashMap<>();

    TestTrialContext(long seed) {
        this.seed = seed;
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
        return backend;
    }

    @Override
    public Memory openMemory(MemoryTask task) {
        throw new UnsupportedOperationException("no working memory in this test");
    }

    @Override
    public void report(String metric, double value) {
        double[] acc = metrics.get(metric);
        if (acc == null) {
            acc = new double[2];
            metrics.put(metric, acc);
        }
        acc[0] += value;
        acc[1] += 1;
    }

    /** Observations of {@code metric} so far. */
    long count(String metric) {
        double[] acc = metrics.get(metric);
        return acc == null ? 0 : (long) acc[1];
    }

    /** Mean of the observations of {@code metric}, then forgets them. */
    double takeMean(String metric) {
        double[] acc = metrics.remove(metric);
        return acc == null ? Double.NaN : acc[0] / acc[1];
    }
}

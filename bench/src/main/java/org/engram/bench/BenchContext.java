package org.engram.bench;

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
import org.engram.numerics.random.ComponentRandom;

/**
 * The trial context of a benchmarked trial: what the engine's trial runner provides, without OSGi. Component
 * generators are derived from the seed and the component's name as the engine derives them (numerics'
 * {@code ComponentRandom}), so a bench trial starts from the same weights as an engine trial with that seed. The JMH
 * benchmarks use it too.
 */
public final class BenchContext implements TrialContext {
    private final long seed;
    private final ComputeBackend backend;
    /** Per metric {sum, count}, as the engine keeps them; a lookup of a known metric allocates nothing. */
    private final Map<String, double[]> metrics = new HashMap<>();

    public BenchContext(long seed, ComputeBackend backend) {
        this.seed = seed;
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
        return new WindowMemory().create(task, Parameters.defaults(List.of()), this);
    }

    @Override
    public void report(String metric, double value) {
        double[] sumCount = metrics.computeIfAbsent(metric, k -> new double[2]);
        sumCount[0] += value;
        sumCount[1] += 1;
    }
}

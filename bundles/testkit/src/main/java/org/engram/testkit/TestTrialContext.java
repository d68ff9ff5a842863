package org.engram.testkit;

import java.io.DataInput;
import java.io.DataOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import org.engram.api.Checkpointable;
import org.engram.api.TrialContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.network.Window;
import org.engram.api.param.Parameters;
import org.engram.numerics.random.ComponentRandom;

/**
 * A {@link TrialContext} for tests, behaving as the engine's does: generators derived from the seed and
 * the component's name only, a backend ({@link ReferenceBackend} unless given), a working memory (the
 * ideal one, which returns the task's exact signal, unless given) and a record of reported metrics.
 * One per trial, like the engine's; not thread-safe.
 */
public final class TestTrialContext implements TrialContext {

    /**
     * How {@link #random} turns the seed and a component's name into a generator. Checksum tests pin numbers made
     * with one of them, so a module keeps the one its pins were taken with.
     */
    public enum Seeding {
        /** As the engine derives them (numerics' {@code ComponentRandom}): the default. */
        ENGINE,
        /**
         * {@code seed * 31 + name.hashCode()}: what the rules' own test contexts did before they used this one; the
         * back-propagation and pHSIC checksum tests pin numbers made with it.
         */
        LEGACY_31,
        /**
         * {@code seed * 1_000_003 + name.hashCode()}: what the memories' own test contexts did; the reservoir and LSTM
         * tests pin numbers made with it.
         */
        LEGACY_1000003
    }

    private final long seed;
    private final Seeding seeding;
    private final ComputeBackend backend;
    private final WorkingMemory memory;
    private final Parameters memoryParameters;
    /** A test's own memory per task, in place of a working-memory plugin; null when not given. */
    private final Function<MemoryTask, Memory> memoryFactory;
    private final Map<String, double[]> metrics = new TreeMap<>();
    private final List<Memory> opened = new ArrayList<>();
    private final List<MemoryTask> openedTasks = new ArrayList<>();

    /** Seeded, on the {@link ReferenceBackend}, with the ideal memory. */
    public TestTrialContext(long seed) {
        this(seed, Seeding.ENGINE);
    }

    /** As {@link #TestTrialContext(long)}, with the generators derived another way. */
    public TestTrialContext(long seed, Seeding seeding) {
        this(seed, seeding, new ReferenceBackend(), null, null, null);
    }

    private TestTrialContext(long seed, Seeding seeding, ComputeBackend backend, WorkingMemory memory,
            Parameters memoryParameters, Function<MemoryTask, Memory> memoryFactory) {
        this.seed = seed;
        this.seeding = seeding;
        this.memoryFactory = memoryFactory;
        this.backend = backend;
        this.memory = memory;
        this.memoryParameters = memoryParameters;
    }

    /** The same context on another backend, e.g. the plugin under test when it is a backend. */
    public TestTrialContext withBackend(ComputeBackend otherBackend) {
        return new TestTrialContext(seed, seeding, otherBackend, memory, memoryParameters, memoryFactory);
    }

    /** The same context with a working-memory plugin that {@link #openMemory} asks instead of the ideal memory. */
    public TestTrialContext withMemory(WorkingMemory workingMemory, Parameters parameters) {
        return new TestTrialContext(seed, seeding, backend, workingMemory, parameters, null);
    }

    /** The same context with a memory the test builds for each task {@link #openMemory} is asked for. */
    public TestTrialContext withMemory(Function<MemoryTask, Memory> factory) {
        return new TestTrialContext(seed, seeding, backend, null, null, factory);
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public SplittableRandom random(String component) {
        if (seeding == Seeding.LEGACY_31) {
            return new SplittableRandom(seed * 31 + component.hashCode());
        }
        if (seeding == Seeding.LEGACY_1000003) {
            return new SplittableRandom(seed * 1_000_003L + component.hashCode());
        }
        // as the engine derives them
        return ComponentRandom.of(seed, component);
    }

    @Override
    public ComputeBackend backend() {
        return backend;
    }

    @Override
    public Memory openMemory(MemoryTask task) {
        Memory m = memoryFactory != null ? memoryFactory.apply(task)
                : memory == null ? new IdealMemory(task) : memory.create(task, memoryParameters, this);
        openedTasks.add(task);
        opened.add(m);
        return m;
    }

    /** Every memory {@link #openMemory} returned, in order: what the engine checkpoints beside the learner. */
    public List<Memory> openedMemories() {
        return List.copyOf(opened);
    }

    /** Every task {@link #openMemory} was asked for, in order. */
    public List<MemoryTask> openedTasks() {
        return List.copyOf(openedTasks);
    }

    @Override
    public void report(String metric, double value) {
        double[] sumAndCount = metrics.computeIfAbsent(metric, k -> new double[2]);
        sumAndCount[0] += value;
        sumAndCount[1] += 1;
    }

    /** The mean of each metric reported since the start or the last {@link #clearMetrics}, as the engine records per epoch. */
    public Map<String, Double> metricMeans() {
        Map<String, Double> means = new TreeMap<>();
        metrics.forEach((name, sumAndCount) -> means.put(name, sumAndCount[0] / sumAndCount[1]));
        return means;
    }

    /** How many times {@code metric} was reported since the start or the last {@link #clearMetrics}; allocates nothing. */
    public long metricCount(String metric) {
        double[] sumAndCount = metrics.get(metric);
        return sumAndCount == null ? 0 : (long) sumAndCount[1];
    }

    /** The mean of {@code metric} since the start or the last {@link #clearMetrics}, NaN if it was not reported. */
    public double metricMean(String metric) {
        double[] sumAndCount = metrics.get(metric);
        return sumAndCount == null ? Double.NaN : sumAndCount[0] / sumAndCount[1];
    }

    public void clearMetrics() {
        metrics.clear();
    }

    /** The task's exact signal, like the engine's default {@code window} memory: nothing to save. */
    private static final class IdealMemory implements Memory, Checkpointable {
        private final MemoryTask task;

        IdealMemory(MemoryTask task) {
            this.task = task;
        }

        @Override
        public void signal(int layer, Window window, double[] activity, double[] out) {
            task.exactSignal(layer, window, activity, out);
        }

        @Override
        public void writeState(DataOutput out) {
            // holds nothing between calls
        }

        @Override
        public void readState(DataInput in) {
            // holds nothing between calls
        }
    }
}

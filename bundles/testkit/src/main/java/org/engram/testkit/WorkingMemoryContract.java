package org.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.Checkpointable;
import org.engram.api.PluginKind;
import org.engram.api.data.SampleSet;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.param.Parameters;
import org.engram.numerics.network.Initializers;
import org.engram.numerics.network.SlidingWindow;
import org.engram.numerics.random.Permutations;
import org.junit.jupiter.api.Test;

/**
 * The checks every {@link WorkingMemory} must pass, whether it returns the exact signal or learns it.
 * Extend it once per memory (and per configuration worth covering, by overriding {@link #parameters()}):
 *
 * <pre>
 * class ReservoirMemoryContractTest extends WorkingMemoryContract {
 *     protected WorkingMemory memory() { return new ReservoirMemory(); }
 * }
 * </pre>
 *
 * The checks stream Gaussian blobs through a sliding window of {@link #windowLength()} samples and ask
 * for the signal of two layers each step, as a rule does inside {@code learn}. The task, standing in for a
 * rule, computes its exact signal from the window's labels and the layers' activities (for a unit: the
 * mean over the window of its activity, counted positive on rows with the current label and negative on
 * the others), and the activities are fixed random projections of the inputs, so a memory that learns
 * has something learnable. Whether a learned memory approximates the teacher well is for its own tests.
 * A memory that implements {@link Checkpointable} must also resume from its saved state bit for bit.
 */
public abstract class WorkingMemoryContract {

    /** Seed of every context, projection and sample order the checks create. */
    protected static final long SEED = 0x5EEDL;

    private static final int INPUTS = 4;
    private static final int CLASSES = 3;

    /**
     * The plugin under test. Called once per check: every trial of a check then uses that one object, as
     * Declarative Services shares one service object between all trials.
     */
    protected abstract WorkingMemory memory();

    private WorkingMemory service;

    /** The one memory service of the current check. */
    private WorkingMemory service() {
        if (service == null) {
            service = memory();
        }
        return service;
    }

    /** The memory's parameters for these checks; by default every parameter at its default. */
    protected Parameters parameters() {
        return Parameters.defaults(service().parameters());
    }

    /** The task's window length N: the capacity it asks of the memory. */
    protected int windowLength() {
        return 6;
    }

    /** Signal length of each layer the task asks about. */
    protected int[] signalSizes() {
        return new int[] {5, 3};
    }

    @Test
    public void describesItselfAndItsParameters() {
        PluginChecks.describesItself(service(), PluginKind.MEMORY);
    }

    @Test
    public void isAComponentThatProvidesWorkingMemoryUnderItsName() {
        PluginChecks.declaresComponent(service().getClass(), WorkingMemory.class, PluginKind.MEMORY);
    }

    @Test
    public void signalFillsEveryUnitWithAFiniteValueWhileLearningAndFrozen() {
        Stream stream = new Stream(SEED);
        int steps = 400;
        for (int i = 0; i < steps; i++) {
            if (i == steps - 100) {
                stream.memory.setLearning(false); // as during evaluation
            }
            stream.push(i);
            if (!stream.window.isFull()) {
                continue;
            }
            for (int layer = 0; layer < stream.task.layers(); layer++) {
                double[] out = stream.out[layer];
                java.util.Arrays.fill(out, Double.NaN);
                stream.memory.signal(layer, stream.window, stream.activity[layer], out);
                for (int j = 0; j < out.length; j++) {
                    assertTrue(Double.isFinite(out[j]), "step " + i + ", layer " + layer + ": unit " + j + " of the signal is "
                            + out[j] + (Double.isNaN(out[j]) ? " (never written?)" : ""));
                }
            }
        }
    }

    @Test
    public void signalOnlyReadsTheWindowAndTheActivity() {
        Stream stream = new Stream(SEED);
        for (int i = 0; i < 100; i++) {
            stream.push(i);
            if (!stream.window.isFull()) {
                continue;
            }
            for (int layer = 0; layer < stream.task.layers(); layer++) {
                Map<String, Object> inputs = Map.of("the window's inputs", stream.window.inputs(), "the window's labels",
                        stream.window.labels(), "the window's targets", stream.window.targets(), "the activity",
                        stream.activity[layer]);
                Map<String, Object> seen = PluginChecks.snapshot(inputs);
                stream.memory.signal(layer, stream.window, stream.activity[layer], stream.out[layer]);
                PluginChecks.assertUnchanged(seen, inputs, "signal()");
            }
        }
    }

    @Test
    public void sameSeedGivesTheSameSignals() {
        List<double[]> first = signals(SEED, 200);
        List<double[]> second = signals(SEED, 200);
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), "signal " + i + " differs between two trials with the same seed"
                    + UNSEEDED);
        }
    }

    private static final String UNSEEDED = PluginChecks.unseeded("memory");

    @Test
    public void memoriesOfOnePluginShareNoState() {
        List<double[]> alone = signals(SEED, 200);
        // Unseeded randomness also makes side-by-side memories differ: rule it out first, on a second fresh
        // service (state kept in the first one cannot reach it), so the message below names the real cause.
        WorkingMemory first = service;
        service = memory();
        List<double[]> onAnotherService = signals(SEED, 200);
        service = first;
        for (int i = 0; i < alone.size(); i++) {
            assertArrayEquals(alone.get(i), onAnotherService.get(i), "signal " + i + " of two memories with the same "
                    + "seed, each used alone on a new plugin object, differs" + UNSEEDED);
        }
        Stream b = new Stream(SEED);
        Stream c = new Stream(SEED);
        List<double[]> fromB = new ArrayList<>();
        List<double[]> fromC = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            b.step(i, fromB);
            c.step(i, fromC);
        }
        for (int i = 0; i < alone.size(); i++) {
            assertArrayEquals(alone.get(i), fromB.get(i), "signal " + i + " of a memory used beside another differs from "
                    + "a memory used alone: state is shared between trials (static fields, or fields of the plugin service)");
            assertArrayEquals(alone.get(i), fromC.get(i), "signal " + i + " of the second of two memories used side by side "
                    + "differs from a memory used alone");
        }
    }

    @Test
    public void signalDoesNotAllocateOnceWarmedUp() {
        Stream stream = new Stream(SEED);
        Allocations.assertNoAllocation("signal()", 2_000, 2_000, stream::stepQuietly);
    }

    /**
     * Applies when the memory implements {@link Checkpointable} (the engine checkpoints only such memories).
     * Streams 200 samples, saves the state as the engine does at an epoch's end and streams 200 more from an
     * emptied window; a fresh memory of the same trial given that state and the stream position must return
     * the same signals for those 200 samples, bit for bit.
     */
    @Test
    public void checkpointRoundTripIsBitIdentical() throws IOException {
        Stream original = new Stream(SEED);
        for (int i = 0; i < 200; i++) {
            original.stepQuietly(i);
        }
        if (!(original.memory instanceof Checkpointable saved)) {
            return; // not checkpointable: the engine restarts such a trial from its first epoch
        }
        byte[] state = Checkpoints.save(saved);
        Stream resumed = new Stream(SEED);
        Checkpointable restored = assertInstanceOf(Checkpointable.class, resumed.memory,
                "a second memory of the same plugin is not Checkpointable");
        Checkpoints.restore(restored, state, "the memory");
        // as at an epoch boundary: the window starts empty, the stream position goes on
        original.window.clear();
        resumed.window.resumeAfter(original.window.step());
        List<double[]> expected = new ArrayList<>();
        List<double[]> actual = new ArrayList<>();
        for (int i = 200; i < 400; i++) {
            original.step(i, expected);
            resumed.step(i, actual);
        }
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "signal " + i + " after the checkpoint differs from the "
                    + "uninterrupted memory's: writeState misses state that signal() changes (weights, running means, "
                    + "generators, stream counters), or readState does not restore it");
        }
    }

    // ------------------------------------------------------------------------------------------

    private List<double[]> signals(long seed, int steps) {
        Stream stream = new Stream(seed);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            stream.step(i, out);
        }
        return out;
    }

    /** One trial's sample stream, window, layer activities and memory. */
    private final class Stream {
        final SampleSet samples = TestSamples.blobs(CLASSES, INPUTS, 240, SEED);
        final int[] order;
        final MemoryTask task;
        final Memory memory;
        final SlidingWindow window;
        final double[][] projection;
        final double[][] activity;
        final double[][] out;

        Stream(long seed) {
            int[] sizes = signalSizes();
            int n = windowLength();
            task = TestMemoryTasks.labelWeighted(n, sizes);
            memory = service().create(task, parameters(), new TestTrialContext(seed));
            assertNotNull(memory, "create() returned null");
            window = new SlidingWindow(n, INPUTS, CLASSES);
            order = Permutations.identity(samples.size());
            Permutations.shuffle(order, new SplittableRandom(seed));
            SplittableRandom weights = new SplittableRandom(seed + 1);
            projection = new double[sizes.length][];
            activity = new double[sizes.length][];
            out = new double[sizes.length][];
            for (int l = 0; l < sizes.length; l++) {
                projection[l] = new double[sizes[l] * INPUTS];
                for (int i = 0; i < projection[l].length; i++) {
                    projection[l][i] = Initializers.gaussian(weights) / Math.sqrt(INPUTS);
                }
                activity[l] = new double[n * sizes[l]];
                out[l] = new double[sizes[l]];
            }
        }

        /** Pushes the next sample and recomputes every layer's activity over the window. */
        void push(int i) {
            window.push(samples, order[i % order.length], 1);
            double[] x = window.inputs();
            for (int l = 0; l < activity.length; l++) {
                int d = out[l].length;
                for (int r = 0; r < window.length(); r++) {
                    for (int j = 0; j < d; j++) {
                        double h = 0;
                        for (int k = 0; k < INPUTS; k++) {
                            h += projection[l][j * INPUTS + k] * x[r * INPUTS + k];
                        }
                        activity[l][r * d + j] = Math.tanh(h);
                    }
                }
            }
        }

        /** Pushes sample {@code i} and, once the window is full, records a copy of every layer's signal. */
        void step(int i, List<double[]> signals) {
            push(i);
            if (window.isFull()) {
                for (int l = 0; l < out.length; l++) {
                    memory.signal(l, window, activity[l], out[l]);
                    signals.add(out[l].clone());
                }
            }
        }

        void stepQuietly(int i) {
            push(i);
            if (window.isFull()) {
                for (int l = 0; l < out.length; l++) {
                    memory.signal(l, window, activity[l], out[l]);
                }
            }
        }
    }
}

package org.engram.bench.jmh;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.network.Window;
import org.engram.api.param.Parameters;
import org.engram.bench.BenchContext;
import org.engram.compute.java.JavaComputeBackend;
import org.engram.memory.lstm.LstmMemory;
import org.engram.memory.reservoir.ReservoirMemory;
import org.engram.numerics.network.SlidingWindow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A learned memory's cost per window in ms, as IB-Hebbian on MNIST 784-128-64-10 (N = 8) asks it: one signal
 * request for each of the two hidden layers (d = 128 and 64), each on a sample [x; y; z] of 784 + 10 + d entries,
 * with the memory's defaults on the Java backend and learning on (the reservoir: 2000 units, 20 Euler steps with
 * an LMS update each; the LSTM: one step, truncated BPTT through 8 steps and an AdamW step). The samples cycle
 * through 16 stored windows of MNIST-like inputs (background −1, as SYMMETRIC normalisation gives) and ReLU-like
 * activities. The task's exact signal is a scaled copy of the current activity, so its cost is not the rule's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MemoryWindowBenchmark {
    private static final int[] LAYERS = {128, 64};
    private static final int WINDOW = 8;
    private static final int PIXELS = 784;
    private static final int CLASSES = 10;
    private static final int SAMPLES = 16;

    @Param({"reservoir", "lstm"})
    String memory;
    /** The threads of the trial's view of the Java backend (the results are the same bits on either). */
    @Param({"1", "2"})
    int threads;

    private ComputeBackend backend;

    private Memory trial;
    private SlidingWindow[] windows;
    private double[][][] activities;
    private double[][] signals;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        WorkingMemory plugin = memory.equals("lstm") ? new LstmMemory() : new ReservoirMemory();
        Parameters parameters = Parameters.resolve("bench", plugin.parameters(), Map.of());
        JavaComputeBackend java = new JavaComputeBackend();
        backend = java.forTrial(Parameters.resolve("backend 'java'", java.parameters(), Map.of("threads", 0)), threads);
        trial = plugin.create(new ScaledActivity(), parameters, BenchContext.of(1, backend));
        SplittableRandom random = new SplittableRandom(7);
        windows = new SlidingWindow[SAMPLES];
        activities = new double[SAMPLES][LAYERS.length][];
        double[][] inputs = new double[SAMPLES + WINDOW][PIXELS];
        int[] labels = new int[SAMPLES + WINDOW];
        for (int s = 0; s < inputs.length; s++) {
            for (int p = 0; p < PIXELS; p++) {
                // about a fifth of MNIST's pixels are ink
                inputs[s][p] = random.nextDouble() < 0.2 ? random.nextDouble(-1, 1) : -1.0;
            }
            labels[s] = random.nextInt(CLASSES);
        }
        for (int s = 0; s < SAMPLES; s++) {
            windows[s] = new SlidingWindow(WINDOW, PIXELS, CLASSES);
            for (int t = s; t < s + WINDOW; t++) {
                windows[s].push(inputs[t], labels[t], 1);
            }
            for (int l = 0; l < LAYERS.length; l++) {
                double[] z = new double[WINDOW * LAYERS[l]];
                for (int i = 0; i < z.length; i++) {
                    z[i] = Math.max(0.0, random.nextGaussian());
                }
                activities[s][l] = z;
            }
        }
        signals = new double[LAYERS.length][];
        for (int l = 0; l < LAYERS.length; l++) {
            signals[l] = new double[LAYERS[l]];
        }
        for (int s = 0; s < SAMPLES; s++) {
            window(); // draws W_in and makes each layer's memory
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public double[][] window() {
        int s = next;
        next = (next + 1) % SAMPLES;
        for (int l = 0; l < LAYERS.length; l++) {
            trial.signal(l, windows[s], activities[s][l], signals[l]);
        }
        return signals;
    }

    /** Two layers; the exact signal is the current activity scaled (cheap, so the memory's own cost is measured). */
    private static final class ScaledActivity implements MemoryTask {
        @Override
        public int layers() {
            return LAYERS.length;
        }

        @Override
        public int signalSize(int layer) {
            return LAYERS[layer];
        }

        @Override
        public int windowLength() {
            return WINDOW;
        }

        @Override
        public void exactSignal(int layer, Window window, double[] activity, double[] out) {
            int d = LAYERS[layer];
            int last = (window.length() - 1) * d;
            for (int k = 0; k < d; k++) {
                out[k] = 0.01 * activity[last + k];
            }
        }
    }
}

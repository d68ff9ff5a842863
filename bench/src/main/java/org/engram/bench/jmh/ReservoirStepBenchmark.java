package org.engram.bench.jmh;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Window;
import org.engram.api.param.Parameters;
import org.engram.bench.BenchContext;
import org.engram.compute.java.JavaComputeBackend;
import org.engram.compute.nd4j.Nd4jComputeBackend;
import org.engram.memory.reservoir.ReservoirMemory;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.ArrayOperationsOnly;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reservoir memory's Euler step, in ms, as a trial runs it: one signal request of the default 20 steps on
 * an MNIST-sized sample (784 inputs, 10 classes, a 64-unit layer; W_in s once per request, LMS readout learning
 * at every step), divided by 20. Only W_rec r goes to the backend (the other products are the reservoir's fused
 * Java loops). The paths: {@code java}/{@code nd4j} with W_rec resident (API 1.1: uploaded once, the Java backend
 * holding it as sparse rows), and {@code -array} the same backend seen through its array operations only, as
 * before 1.1 (W_rec r passes the whole dense matrix every step).
 * ND4J's BLAS threads are OMP_NUM_THREADS, inherited by JMH's fork.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ReservoirStepBenchmark {
    static final int STEPS = 20;
    private static final int LAYER = 64;

    @Param({"500", "1000", "2000"})
    int units;

    @Param({"java-array", "java", "nd4j-array", "nd4j"})
    String path;

    private Memory memory;
    private SlidingWindow window;
    private double[] activity;
    private double[] signal;

    @Setup
    public void setUp() {
        ComputeBackend backend = path.startsWith("nd4j") ? new Nd4jComputeBackend() : new JavaComputeBackend();
        if (path.endsWith("-array")) {
            backend = new ArrayOperationsOnly(backend);
        }
        ReservoirMemory plugin = new ReservoirMemory();
        Parameters parameters = Parameters.resolve("bench", plugin.parameters(), Map.of("units", units, "steps", STEPS));
        memory = plugin.create(new CurrentActivity(), parameters, BenchContext.of(1, backend));
        SplittableRandom random = new SplittableRandom(5);
        window = new SlidingWindow(1, 784, 10);
        window.push(random.doubles(784, -1, 1).toArray(), 3, 1);
        activity = random.doubles(LAYER, 0, 1).toArray();
        signal = new double[LAYER];
        memory.signal(0, window, activity, signal); // draws W_in and uploads
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double[] eulerStep() {
        memory.signal(0, window, activity, signal);
        return signal;
    }

    /** One layer of 64 units; the teacher is the current activity scaled, so the readout learns every step. */
    private static final class CurrentActivity implements MemoryTask {
        @Override
        public int layers() {
            return 1;
        }

        @Override
        public int signalSize(int layer) {
            return LAYER;
        }

        @Override
        public int windowLength() {
            return 1;
        }

        @Override
        public void exactSignal(int layer, Window window, double[] activity, double[] out) {
            for (int k = 0; k < LAYER; k++) {
                out[k] = 0.1 * activity[k];
            }
        }
    }
}

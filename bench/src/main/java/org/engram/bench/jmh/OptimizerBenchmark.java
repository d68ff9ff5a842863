package org.engram.bench.jmh;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.Parameters;
import org.engram.compute.java.JavaComputeBackend;
import org.engram.numerics.optim.AdamW;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * One AdamW step over the first hidden layer of the paper's MNIST net (128×784 weights): with a given gradient,
 * with the rank-one gradient δ⊗x fused in, and the old way (form δ⊗x, then step).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OptimizerBenchmark {
    @Param({"128"})
    int rows;
    @Param({"784"})
    int cols;
    /** The threads of the trial's view of the Java backend, over which the update is split. */
    @Param({"1", "2"})
    int threads;

    private ComputeBackend backend;

    private AdamW adam;
    private double[] param;
    private double[] grad;
    private double[] delta;
    private double[] input;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        JavaComputeBackend java = new JavaComputeBackend();
        backend = java.forTrial(Parameters.resolve("backend 'java'", java.parameters(), Map.of("threads", 0)), threads);
        adam = new AdamW(rows * cols, 1e-4, 0.9, 0.99, 1e-8, 1e-4, backend);
        param = random.doubles(rows * cols, -0.1, 0.1).toArray();
        grad = random.doubles(rows * cols, -1, 1).toArray();
        delta = random.doubles(rows, -1, 1).toArray();
        input = random.doubles(cols, -1, 1).toArray();
    }

    @TearDown
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public double[] adamwStep() {
        adam.step(param, grad);
        return param;
    }

    @Benchmark
    public double[] adamwStepOuter() {
        adam.stepOuter(param, rows, cols, delta, 0, input, 0);
        return param;
    }

    @Benchmark
    public double[] adamwFormOuterThenStep() {
        for (int i = 0; i < rows; i++) {
            double d = delta[i];
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                grad[row + j] = d * input[j];
            }
        }
        adam.step(param, grad);
        return param;
    }
}

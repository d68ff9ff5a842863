package org.engram.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.engram.api.compute.ComputeBackend;
import org.engram.compute.java.JavaComputeBackend;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A dense layer's weight gradient {@code ∂/∂W = δᵀ X} on the pure-Java backend, as {@code DenseConnection.weightGradient}
 * asks for it (beta = 0, C overwritten): the first layer of the paper's net, δ [rows, 128] and X [rows, 784], for the
 * backprop batch of 6 and the two-sample pHSIC window of 2. A product of few terms per entry over a large C: what it
 * costs beyond writing C shows here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WeightGradientBenchmark {
    /** rows×in×out */
    @Param({"6x784x128", "2x784x128"})
    String shape;

    private final ComputeBackend backend = new JavaComputeBackend();
    private int rows;
    private int in;
    private int out;
    private double[] delta;
    private double[] x;
    private double[] gradient;

    @Setup
    public void setUp() {
        String[] dims = shape.split("x");
        rows = Integer.parseInt(dims[0]);
        in = Integer.parseInt(dims[1]);
        out = Integer.parseInt(dims[2]);
        SplittableRandom random = new SplittableRandom(7);
        delta = random.doubles((long) rows * out, -0.1, 0.1).toArray();
        x = random.doubles((long) rows * in, -1, 1).toArray();
        gradient = new double[out * in];
    }

    @Benchmark
    public double[] weightGradientProduct() {
        backend.gemm(true, false, out, in, rows, 1.0, delta, 0, x, 0, 0.0, gradient, 0);
        return gradient;
    }
}

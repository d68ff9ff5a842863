package org.engram.bench.jmh;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.Parameters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dense forward's product {@code drive = X Wᵀ + bias} on the pure-Java backend, layer by layer for the paper's
 * 784-128-64-10 net: X [rows, in] (the 8-row window under RECOMPUTE, one row under STORED), W [out, in]. The
 * shapes that {@code LayerBenchmark.forward} runs together, apart, to see which kernel each one takes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBenchmark {
    /** rows×in×out */
    @Param({"8x784x128", "8x128x64", "8x64x10", "1x784x128"})
    String shape;
    /** The threads of the trial's view of the backend: 2 splits the largest product by columns. */
    @Param({"1", "2"})
    int threads;

    private ComputeBackend backend;
    private int rows;
    private int in;
    private int out;
    private double[] x;
    private double[] w;
    private double[] drive;

    @Setup
    public void setUp() {
        JavaComputeBackend java = new JavaComputeBackend();
        backend = java.forTrial(Parameters.resolve("backend 'java'", java.parameters(), Map.of("threads", 0)), threads);
        String[] dims = shape.split("x");
        rows = Integer.parseInt(dims[0]);
        in = Integer.parseInt(dims[1]);
        out = Integer.parseInt(dims[2]);
        SplittableRandom random = new SplittableRandom(5);
        x = random.doubles((long) rows * in, -1, 1).toArray();
        w = random.doubles((long) out * in, -0.1, 0.1).toArray();
        drive = new double[rows * out];
    }

    @TearDown
    public void tearDown() {
        backend.close();
    }

    /** beta = 1, as {@code DenseConnection.forward} adds the product to the bias it copied into the drive. */
    @Benchmark
    public double[] forwardProduct() {
        backend.gemm(false, true, rows, out, in, 1.0, x, 0, w, 0, 1.0, drive, 0);
        return drive;
    }
}

package org.engram.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.engram.api.Shape;
import org.engram.api.compute.ComputeBackend;
import org.engram.compute.java.JavaComputeBackend;
import org.engram.compute.nd4j.Nd4jComputeBackend;
import org.engram.numerics.connectivity.Conv2dConnection;
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
 * The conv2d connectivity for one sample (3×3, padding 1) on each backend, at the second conv layer of
 * {@code studies/fashion-cnn.yaml} (16→32 channels on 14×14) and of the paper's CIFAR-10 CNN (128→256 on 16×16):
 * the forward (im2col, then {@code K·cols}), the weight gradient (im2col, then {@code δ·colsᵀ}) and, as the
 * yardstick, the bare GEMM of the forward's shape on the same backend ({@code [C_out, 9·C_in] · [9·C_in, H·W]}),
 * so each conv figure can be read as a share of what the backend's GEMM does with the same shape in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConvBenchmark {

    @Param({"fashion", "cifar"})
    String layer;

    @Param({"java", "nd4j"})
    String backend;

    private ComputeBackend compute;
    private Conv2dConnection conv;
    private double[] input;
    private double[] drive;
    private double[] weightGradient;
    private double[] biasGradient;
    private double[] columns;
    private int patch;
    private int positions;

    @Setup
    public void setUp() {
        compute = backend.equals("nd4j") ? new Nd4jComputeBackend() : new JavaComputeBackend();
        Shape in = layer.equals("cifar") ? new Shape(128, 16, 16) : new Shape(16, 14, 14);
        int out = layer.equals("cifar") ? 256 : 32;
        conv = new Conv2dConnection(in, out, 3, 1, 1);
        SplittableRandom random = new SplittableRandom(5);
        fill(conv.weights(), random);
        input = random.doubles(in.size(), -1, 1).toArray();
        drive = new double[conv.outputShape().size()];
        weightGradient = new double[conv.weights().length];
        biasGradient = new double[conv.bias().length];
        patch = conv.fanIn();
        positions = conv.outputShape().pixels();
        columns = random.doubles((long) patch * positions, -1, 1).toArray();
    }

    @Benchmark
    public double[] forward() {
        conv.forward(compute, input, 0, 1, drive);
        return drive;
    }

    @Benchmark
    public double[] weightGradient() {
        conv.weightGradient(compute, input, 0, drive, 0, 1, weightGradient, biasGradient);
        return weightGradient;
    }

    /** The forward's product alone: {@code [C_out, patch] · [patch, positions]}, no im2col. */
    @Benchmark
    public double[] gemm() {
        compute.gemm(false, false, conv.outputShape().channels(), positions, patch, 1.0, conv.weights(), 0, columns, 0, 0.0,
                drive, 0);
        return drive;
    }

    private static void fill(double[] a, SplittableRandom random) {
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextDouble(-0.1, 0.1);
        }
    }
}

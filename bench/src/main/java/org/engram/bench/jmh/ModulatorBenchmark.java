package org.engram.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.engram.numerics.hsic.Kernels;
import org.engram.numerics.hsic.Modulator;
import org.engram.numerics.hsic.ModulatorVariant;
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

/** ξ of a 128-unit layer for the current sample of an N = 8 window, per variant, from ready K_x and K_y. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ModulatorBenchmark {
    @Param({"FRONTIERS_RELEASED", "FRONTIERS_PATCHED", "V1", "EXACT"})
    ModulatorVariant variant;

    private double[] kx;
    private double[] ky;
    private double[] activity;
    private double[] xi;
    private Modulator modulator;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 8;
        double[] inputs = random.doubles(n * 784L, -1, 1).toArray();
        double[] targets = new double[n * 10];
        for (int i = 0; i < n; i++) {
            targets[i * 10 + random.nextInt(10)] = 1.0;
        }
        kx = new double[n * n];
        ky = new double[n * n];
        Kernels.gaussianMatrix(inputs, n, 784, 0.5, kx);
        Kernels.gaussianMatrix(targets, n, 10, 0.1, ky);
        activity = random.doubles(n * 128L, -1.5, 1.5).toArray();
        xi = new double[128];
        modulator = new Modulator(n, 128);
    }

    @Benchmark
    public double[] signal() {
        modulator.signal(variant, kx, ky, 2.0, activity, 1.0, xi);
        return xi;
    }
}

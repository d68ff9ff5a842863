package org.engram.bench.jmh;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.compute.ResidentMatrix;
import org.engram.api.param.Parameters;
import org.engram.compute.java.JavaComputeBackend;
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
 * The reservoir's largest product alone: W_rec r for the default reservoir (2000 units, connectivity 0.1, about
 * 400 000 nonzeros), resident on the Java backend as sparse rows, on the trial's view with one and two threads. The
 * rate per nonzero is what bounds a reservoir window: 20 Euler steps for each of 2 layers make 40 such products.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResidentGemvBenchmark {
    static final int UNITS = 2000;
    static final double CONNECTIVITY = 0.1;

    @Param({"1", "2"})
    int threads;

    private ComputeBackend backend;
    private ResidentMatrix recurrent;
    private double[] rates;
    private double[] drive;

    @Setup(Level.Trial)
    public void setUp() {
        JavaComputeBackend java = new JavaComputeBackend();
        backend = java.forTrial(Parameters.resolve("backend 'java'", java.parameters(), Map.of("threads", 0)), threads);
        double[] a = new double[UNITS * UNITS];
        draw(a);
        recurrent = backend.upload(a, 0, UNITS, UNITS);
        rates = new SplittableRandom(12).doubles(UNITS, -1, 1).toArray();
        drive = new double[UNITS];
    }

    /**
     * Draws the benchmark's W_rec into {@code into} (a 0 where not connected), or only counts its nonzeros when
     * {@code into} is null, for the report's rate per nonzero. @return the nonzeros
     */
    public static long draw(double[] into) {
        SplittableRandom random = new SplittableRandom(11);
        long nonzeros = 0;
        for (int i = 0; i < UNITS * UNITS; i++) {
            if (random.nextDouble() < CONNECTIVITY) {
                double w = random.nextGaussian();
                if (into != null) {
                    into[i] = w;
                }
                nonzeros++;
            }
        }
        return nonzeros;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public double[] recurrentDrive() {
        backend.gemv(false, 1.0, recurrent, rates, 0, 0.0, drive, 0);
        return drive;
    }
}

package org.engram.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.engram.numerics.hsic.Kernels;
import org.engram.numerics.hsic.WindowKernels;
import org.engram.numerics.network.SlidingWindow;
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

/** The per-window kernel work of the IB rule at MNIST sizes: kernel matrices and sliding K_x/K_y. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HsicBenchmark {
    @Param({"8"})
    int window;

    private double[] inputs;
    private double[] activity;
    private double[] kernel;
    private WindowKernels windowKernels;
    private SlidingWindow slidingWindow;
    private double[][] stream;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(2);
        inputs = random.doubles(window * 784L, -1, 1).toArray();
        activity = random.doubles(window * 128L, -1.5, 1.5).toArray();
        kernel = new double[window * window];
        windowKernels = new WindowKernels(window, 0.5, 0.1);
        slidingWindow = new SlidingWindow(window, 784, 10);
        stream = new double[64][];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = random.doubles(784, -1, 1).toArray();
        }
        for (int i = 0; i < window; i++) {
            slidingWindow.push(stream[i], i % 10, 1);
        }
        windowKernels.update(slidingWindow);
    }

    /** K_x of a whole window from scratch: N(N−1)/2 distances over 784 inputs. */
    @Benchmark
    public double[] inputKernelMatrix() {
        Kernels.gaussianMatrix(inputs, window, 784, 0.5, kernel);
        return kernel;
    }

    /** K_z of a 128-unit layer over the window (what the HSIC metrics need each step). */
    @Benchmark
    public double[] activityKernelMatrix() {
        Kernels.gaussianMatrix(activity, window, 128, 1.0, kernel);
        return kernel;
    }

    /** Push one MNIST sample and slide K_x and K_y by one row: the per-window kernel work. */
    @Benchmark
    public double[] pushAndSlideKernels() {
        slidingWindow.push(stream[next], next % 10, 1);
        next = (next + 1) & 63;
        windowKernels.update(slidingWindow);
        return windowKernels.inputKernel();
    }

}

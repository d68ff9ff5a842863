package org.engram.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an FP32 precision option would give the optimizer, which bounds every learning step: {@code AdamW.step}'s
 * arithmetic, line for line, over float arrays (weights, gradient and both moments), on the first hidden layer's
 * 128×784 weights, one thread. Not used by Engram, whose arrays are FP64 throughout its API: a measurement for that
 * decision, beside {@code OptimizerBenchmark.adamwStep} in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Float32AdamWBenchmark {
    static final int PARAMETERS = 128 * 784;

    private float[] param;
    private float[] grad;
    private float[] m;
    private float[] v;
    private long t;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        param = new float[PARAMETERS];
        grad = new float[PARAMETERS];
        for (int i = 0; i < PARAMETERS; i++) {
            param[i] = (float) random.nextDouble(-0.1, 0.1);
            grad[i] = (float) random.nextDouble(-1, 1);
        }
        m = new float[PARAMETERS];
        v = new float[PARAMETERS];
    }

    @Benchmark
    public float[] adamwStep() {
        t++;
        float b1 = 0.9f;
        float b2 = 0.99f;
        float a1 = 1 - b1;
        float a2 = 1 - b2;
        float c1 = (float) (1.0 / (1.0 - Math.pow(b1, t)));
        float c2 = (float) (1.0 / (1.0 - Math.pow(b2, t)));
        float lr = 1e-4f;
        float eps = 1e-8f;
        float wd = 1e-4f;
        float[] p = param;
        float[] g = grad;
        float[] m1 = m;
        float[] v1 = v;
        for (int i = 0; i < p.length; i++) {
            float gi = g[i];
            float mi = b1 * m1[i] + a1 * gi;
            float vi = b2 * v1[i] + a2 * gi * gi;
            m1[i] = mi;
            v1[i] = vi;
            p[i] -= lr * (mi * c1 / ((float) Math.sqrt(vi * c2) + eps) + wd * p[i]);
        }
        return p;
    }
}

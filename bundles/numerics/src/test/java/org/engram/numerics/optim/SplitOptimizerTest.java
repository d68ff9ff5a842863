package org.engram.numerics.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An optimizer given several threads updates a large array in ranges, each entry exactly as on one thread. */
class SplitOptimizerTest {

    /**
     * A backend whose parts run on threads of their own, started in reverse order, so a part that depended on
     * another's running first, or on the calling thread, would show.
     */
    private static class ThreadedParts implements ComputeBackend {
        private final int threads;
        int regions;

        ThreadedParts(int threads) {
            this.threads = threads;
        }

        @Override
        public int threads() {
            return threads;
        }

        @Override
        public void inParallel(int parts, IntConsumer part) {
            regions++;
            List<Thread> started = new ArrayList<>();
            for (int p = parts - 1; p >= 0; p--) {
                int index = p;
                Thread t = new Thread(() -> part.accept(index));
                t.start();
                started.add(t);
            }
            for (Thread t : started) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
                double[] b, int bOffset, double beta, double[] c, int cOffset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOffset, double[] x, int xOffset,
                double beta, double[] y, int yOffset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y, int yOffset, double[] a,
                int aOffset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String implementation() {
            return "test";
        }

        @Override
        public String description() {
            return "parts on threads of their own";
        }

        @Override
        public List<ParameterDescriptor> parameters() {
            return List.of();
        }

        @Override
        public ComputeBackend forTrial(Parameters parameters, int threads) {
            return this;
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2} threads {3}")
    @CsvSource({"ADAMW, 128, 784, 2", "ADAMW, 127, 131, 3", "ADAMW, 3, 9000, 4", "ADAMW, 10, 64, 2",
        "MOMENTUM, 128, 784, 2", "MOMENTUM, 5, 4001, 3"})
    void splitStepsEqualTheSerialOnesBitForBit(OptimizerSettings.Kind kind, int rows, int cols, int threads) {
        OptimizerSettings settings = new OptimizerSettings(kind, 1e-3, 0.9, 0.99, 1e-8, 1e-4, 0.9);
        ThreadedParts backend = new ThreadedParts(threads);
        int size = rows * cols;
        Optimizer serial = settings.create(size);
        Optimizer split = settings.create(size, backend);
        SplittableRandom random = new SplittableRandom(rows * 31L + cols);
        double[] serialParams = randoms(random, size);
        double[] splitParams = serialParams.clone();
        for (int step = 0; step < 5; step++) {
            double[] left = randoms(random, rows + 2);
            double[] right = randoms(random, cols + 1);
            serial.stepOuter(serialParams, rows, cols, left, 2, right, 1);
            split.stepOuter(splitParams, rows, cols, left, 2, right, 1);
            double[] grad = randoms(random, size);
            serial.step(serialParams, grad);
            split.step(splitParams, grad);
            serial.setLearningRateFactor(0.5 + step);
            split.setLearningRateFactor(0.5 + step);
        }
        assertArrayEquals(bits(serialParams), bits(splitParams));
        boolean large = (long) size >= ParallelRanges.MIN_ENTRIES;
        assertEquals(large ? 10 : 0, backend.regions, "split only large updates");
    }

    /** A backend claiming two threads that runs the parts here, in order: what is left is the optimizer's own. */
    private static final class InlineParts extends ThreadedParts {
        InlineParts() {
            super(2);
        }

        @Override
        public void inParallel(int parts, IntConsumer part) {
            for (int p = 0; p < parts; p++) {
                part.accept(p);
            }
        }
    }

    @Test
    void aSplitStepAllocatesNothing() {
        OptimizerSettings settings = new OptimizerSettings(OptimizerSettings.Kind.ADAMW, 1e-3, 0.9, 0.99, 1e-8, 1e-4, 0.9);
        Optimizer adam = settings.create(128 * 784, new InlineParts());
        double[] param = new double[128 * 784];
        double[] grad = new double[128 * 784];
        double[] left = new double[128];
        double[] right = new double[784];
        for (int i = 0; i < 200; i++) {
            adam.stepOuter(param, 128, 784, left, 0, right, 0);
            adam.step(param, grad);
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200; i++) {
            adam.stepOuter(param, 128, 784, left, 0, right, 0);
            adam.step(param, grad);
        }
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4_096, allocated + " bytes for 400 split steps");
    }

    private static double[] randoms(SplittableRandom random, int length) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = random.nextDouble(-1, 1);
        }
        return v;
    }

    private static long[] bits(double[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.doubleToRawLongBits(v[i]);
        }
        return out;
    }
}

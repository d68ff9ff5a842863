package org.engram.compute.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.compute.ResidentMatrix;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A trial's view on several threads gives the one-thread backend's products bit for bit. */
class SplitGemmTest {

    private static final JavaComputeBackend SERIAL = new JavaComputeBackend();

    /** The backend's parameters as given; without {@code threads}, its default 0: the view takes the threads offered. */
    private static Parameters parameters(Map<String, Object> given) {
        return Parameters.resolve("backend 'java'", SERIAL.parameters(), given);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} threads {3}")
    @CsvSource({
        "8, 128, 784, 2", // the IB-Hebbian window forward through layer 0
        "6, 128, 784, 2", // a back-propagation minibatch
        "128, 784, 6, 2", // its weight gradient
        "1, 128, 784, 2", "7, 129, 531, 2", "9, 67, 2049, 3", "5, 64, 4096, 4", "3, 1000, 77, 3", "2, 70, 1000, 2",
        "1, 3, 2, 2", "2, 2, 2, 2", "8, 10, 64, 2"})
    void splitProductsEqualTheSerialOnesBitForBit(int m, int n, int k, int threads) {
        ComputeBackend view = SERIAL.forTrial(parameters(Map.of()), threads);
        try {
            assertEquals(threads, view.threads());
            SplittableRandom random = new SplittableRandom(31L * m + 7L * n + k);
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    for (double beta : new double[] {0.0, 1.0, -0.5}) {
                        int pad = 3;
                        double[] a = randoms(random, pad + m * k);
                        double[] b = randoms(random, pad + k * n);
                        double[] c = randoms(random, pad + m * n + pad);
                        double[] expected = c.clone();
                        double[] actual = c.clone();
                        SERIAL.gemm(transA, transB, m, n, k, 0.75, a, pad, b, pad, beta, expected, pad);
                        view.gemm(transA, transB, m, n, k, 0.75, a, pad, b, pad, beta, actual, pad);
                        assertArrayEquals(bits(expected), bits(actual),
                                "transA " + transA + " transB " + transB + " beta " + beta);
                    }
                }
            }
        } finally {
            view.close();
        }
    }

    /**
     * The reservoir's W_rec r: rows cut where the nonzeros split evenly, each summed as on one thread. Large enough
     * to split ({@link JavaComputeBackend#SPLIT_MULTIPLY_ADDS} nonzeros and more), with runs of empty rows at the
     * start, in the middle and at the end, where a cut may fall.
     */
    @ParameterizedTest(name = "{0} units, {1} threads")
    @CsvSource({"2000, 2", "1300, 3", "1200, 4"})
    void splitSparseProductsEqualTheSerialOnesBitForBit(int units, int threads) {
        SplittableRandom random = new SplittableRandom(units + threads);
        double[] a = new double[units * units];
        for (int i = 0; i < units; i++) {
            boolean empty = i < 7 || (i >= units / 2 - 5 && i < units / 2 + 5) || i >= units - 9;
            for (int j = 0; j < units; j++) {
                a[i * units + j] = !empty && random.nextDouble() < 0.1 ? random.nextGaussian() : 0.0;
            }
        }
        ComputeBackend view = SERIAL.forTrial(parameters(Map.of()), threads);
        try {
            ResidentMatrix serialMatrix = SERIAL.upload(a, 0, units, units);
            ResidentMatrix viewMatrix = view.upload(a, 0, units, units);
            assertTrue(((JavaResidentMatrix) viewMatrix).isSparse());
            for (double beta : new double[] {0.0, 1.0, -0.5}) {
                double[] x = randoms(random, units);
                double[] y = randoms(random, units);
                double[] expected = y.clone();
                double[] actual = y.clone();
                SERIAL.gemv(false, 0.9, serialMatrix, x, 0, beta, expected, 0);
                view.gemv(false, 0.9, viewMatrix, x, 0, beta, actual, 0);
                assertArrayEquals(bits(expected), bits(actual), "beta " + beta);
            }
        } finally {
            view.close();
        }
    }

    @Test
    void theThreadsParameterOverridesTheOfferedShare() {
        ComputeBackend view = SERIAL.forTrial(parameters(Map.of("threads", 3)), 1);
        try {
            assertEquals(3, view.threads());
        } finally {
            view.close();
        }
        ComputeBackend one = SERIAL.forTrial(parameters(Map.of()), 1);
        assertEquals(1, one.threads());
        assertEquals(1, SERIAL.threads());
    }

    @Test
    void inParallelRunsEveryPartOnce() {
        ComputeBackend view = SERIAL.forTrial(parameters(Map.of()), 2);
        try {
            int[] runs = new int[5];
            view.inParallel(5, p -> runs[p]++);
            assertArrayEquals(new int[] {1, 1, 1, 1, 1}, runs);
        } finally {
            view.close();
        }
    }

    @Test
    void theDefaultTakesTheThreadsOffered() {
        ComputeBackend view = SERIAL.forTrial(Parameters.defaults(SERIAL.parameters()), 2);
        try {
            assertEquals(2, view.threads());
        } finally {
            view.close();
        }
        assertEquals(1, SERIAL.forTrial(Parameters.defaults(SERIAL.parameters()), 1).threads());
    }

    @Test
    void threadsOneGivesOneThreadWhateverIsOffered() {
        assertEquals(1, SERIAL.forTrial(parameters(Map.of("threads", 1)), 4).threads());
    }

    @Test
    void closingATrialsViewEndsItsHelpersSoTrialsLeakNoThreads() throws Exception {
        long before = liveHelpers();
        for (int trial = 0; trial < 30; trial++) {
            ComputeBackend view = SERIAL.forTrial(parameters(Map.of()), 3);
            double[] c = new double[8 * 128];
            view.gemm(false, true, 8, 128, 784, 1.0, new double[8 * 784], 0, new double[128 * 784], 0, 0.0, c, 0);
            view.close();
        }
        assertEquals(before, liveHelpers(), "helper threads left after their views were closed");
    }

    private static long liveHelpers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("engram-compute") && t.isAlive()).count();
    }

    @Test
    void aSplitProductAllocatesNothingOnTheCallersThread() {
        ComputeBackend view = SERIAL.forTrial(parameters(Map.of()), 2);
        try {
            SplittableRandom random = new SplittableRandom(3);
            double[] x = randoms(random, 8 * 784);
            double[] w = randoms(random, 128 * 784);
            double[] drive = new double[8 * 128];
            for (int i = 0; i < 2_000; i++) {
                view.gemm(false, true, 8, 128, 784, 1.0, x, 0, w, 0, 1.0, drive, 0);
            }
            com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000; i++) {
                view.gemm(false, true, 8, 128, 784, 1.0, x, 0, w, 0, 1.0, drive, 0);
            }
            long allocated = bean.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 4_096, allocated + " bytes for 1000 split products");
        } finally {
            view.close();
        }
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

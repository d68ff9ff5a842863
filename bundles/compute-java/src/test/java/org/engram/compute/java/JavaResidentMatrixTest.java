package org.engram.compute.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.engram.api.compute.ResidentMatrix;
import org.junit.jupiter.api.Test;

/**
 * What the contract cannot ask of every backend: the form the Java backend picks, and that its sparse product
 * is the array gemv's bit for bit, which keeps a reservoir's results on this backend what they were before
 * resident matrices (the contract only bounds the error).
 */
class JavaResidentMatrixTest {

    private final JavaComputeBackend backend = new JavaComputeBackend();

    /** [m, n] with each entry nonzero with probability {@code density}, drawn as the reservoir draws W_rec. */
    private static double[] masked(int m, int n, double density, SplittableRandom random) {
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            boolean connected = random.nextDouble() < density;
            double w = random.nextGaussian();
            a[i] = connected ? w : 0.0;
        }
        return a;
    }

    @Test
    void aMatrixOfFewNonzerosIsStoredSparselyAndADenseOneDensely() {
        SplittableRandom random = new SplittableRandom(1);
        JavaResidentMatrix reservoirLike = (JavaResidentMatrix) backend.upload(masked(200, 200, 0.1, random), 0, 200, 200);
        JavaResidentMatrix releasedCode = (JavaResidentMatrix) backend.upload(masked(200, 200, 0.9, random), 0, 200, 200);
        assertTrue(reservoirLike.isSparse(), reservoirLike.toString());
        assertFalse(releasedCode.isSparse(), releasedCode.toString());
    }

    @Test
    void theSparseProductIsTheArrayGemvBitForBit() {
        SplittableRandom random = new SplittableRandom(2);
        for (int[] shape : new int[][] {{300, 300}, {257, 131}, {5, 1000}, {1000, 3}}) {
            int m = shape[0];
            int n = shape[1];
            double[] a = masked(m, n, 0.1, random);
            // negative zeros too, which the sparse form drops as well
            a[0] = -0.0;
            ResidentMatrix matrix = backend.upload(a, 0, m, n);
            assertTrue(((JavaResidentMatrix) matrix).isSparse());
            for (double[] scaling : new double[][] {{1.2, 0.0}, {-0.7, 1.0}, {2.5, -0.5}}) {
                // rates as a reservoir has them (tanh), and wider values
                double[] x = random.doubles(n, -3, 3).map(v -> scaling[1] == 0 ? Math.tanh(v) : v).toArray();
                double[] y0 = random.doubles(m, -1, 1).toArray();
                double[] dense = y0.clone();
                double[] sparse = y0.clone();
                backend.gemv(false, m, n, scaling[0], a, 0, x, 0, scaling[1], dense, 0);
                backend.gemv(false, scaling[0], matrix, x, 0, scaling[1], sparse, 0);
                assertArrayEquals(dense, sparse, 0.0, m + "x" + n + " alpha " + scaling[0] + " beta " + scaling[1]);
                for (int i = 0; i < m; i++) {
                    assertTrue(Double.doubleToRawLongBits(dense[i]) == Double.doubleToRawLongBits(sparse[i]),
                            "bits of y[" + i + "]");
                }
            }
        }
    }

    @Test
    void theResidentProductAllocatesNothing() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 400;
        ResidentMatrix sparse = backend.upload(masked(n, n, 0.1, random), 0, n, n);
        ResidentMatrix dense = backend.upload(masked(n, n, 1.0, random), 0, n, n);
        double[] x = random.doubles(n, -1, 1).toArray();
        double[] y = new double[n];
        for (int i = 0; i < 5_000; i++) {
            backend.gemv(i % 2 == 0, 1.0, sparse, x, 0, 0.5, y, 0);
            backend.gemv(i % 2 == 0, 1.0, dense, x, 0, 0.5, y, 0);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 1_000; i++) {
            backend.gemv(i % 2 == 0, 1.0, sparse, x, 0, 0.5, y, 0);
            backend.gemv(i % 2 == 0, 1.0, dense, x, 0, 0.5, y, 0);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(allocated < 1_000, "allocated " + allocated + " bytes in 2000 products");
    }
}

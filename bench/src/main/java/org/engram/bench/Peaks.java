package org.engram.bench;

import org.engram.api.compute.ComputeBackend;

/** The backend's own throughput on one large product, the yardstick for the scaling table. */
final class Peaks {

    private Peaks() {
    }

    /** {@code C[32, 512] = A[32, 784] · B[512, 784]ᵀ}: the forward of a 32-row batch through a 784→512 layer. */
    static double gemmGflops(ComputeBackend backend, boolean smoke) {
        int m = 32;
        int n = 512;
        int k = 784;
        double[] a = fill(m * k);
        double[] b = fill(n * k);
        double[] c = new double[m * n];
        int reps = smoke ? 20 : 200;
        for (int i = 0; i < reps / 2; i++) {
            backend.gemm(false, true, m, n, k, 1.0, a, 0, b, 0, 0.0, c, 0);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            backend.gemm(false, true, m, n, k, 1.0, a, 0, b, 0, 0.0, c, 0);
        }
        return 2.0 * m * n * k * reps / (System.nanoTime() - t0);
    }

    /** {@code y[512] = A[512, 784] · x}. */
    static double gemvGflops(ComputeBackend backend, boolean smoke) {
        int m = 512;
        int n = 784;
        double[] a = fill(m * n);
        double[] x = fill(n);
        double[] y = new double[m];
        int reps = smoke ? 200 : 4_000;
        for (int i = 0; i < reps / 2; i++) {
            backend.gemv(false, m, n, 1.0, a, 0, x, 0, 0.0, y, 0);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            backend.gemv(false, m, n, 1.0, a, 0, x, 0, 0.0, y, 0);
        }
        return 2.0 * m * n * reps / (System.nanoTime() - t0);
    }

    private static double[] fill(int length) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = ((i * 2654435761L) % 1000) / 1000.0 - 0.5;
        }
        return v;
    }
}

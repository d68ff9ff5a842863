package org.engram.numerics.hsic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HsicTest {

    /** tr(A H B H)/(N−1)² with H and the products formed explicitly. */
    private static double directHsic(double[] a, double[] b, int n) {
        double[] h = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i * n + j] = (i == j ? 1.0 : 0.0) - 1.0 / n;
            }
        }
        double[] m = multiply(multiply(multiply(a, h, n), b, n), h, n);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += m[i * n + i];
        }
        return trace / ((n - 1.0) * (n - 1.0));
    }

    private static double[] multiply(double[] a, double[] b, int n) {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    c[i * n + j] += a[i * n + k] * b[k * n + j];
                }
            }
        }
        return c;
    }

    @Test
    void matchesExplicitTraceOfCentredProduct() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n : new int[] {2, 3, 8, 17}) {
            double[] x = RandomWindows.inputs(n, 7, random);
            double[] z = RandomWindows.layerNormLike(n, 5, random);
            double[] kx = new double[n * n];
            double[] kz = new double[n * n];
            Kernels.gaussianMatrix(x, n, 7, 0.5, kx);
            Kernels.gaussianMatrix(z, n, 5, 1.0, kz);
            double expected = directHsic(kx, kz, n);
            assertEquals(expected, Hsic.hsic(kx, kz, n), 1e-14 * Math.max(1.0, Math.abs(expected)));
        }
    }

    @Test
    void matchesExplicitTraceForNonSymmetricMatrices() {
        // the expansion keeps rows and columns apart, so it holds beyond kernel matrices
        SplittableRandom random = new SplittableRandom(12);
        int n = 6;
        double[] a = RandomWindows.inputs(n, n, random);
        double[] b = RandomWindows.inputs(n, n, random);
        assertEquals(directHsic(a, b, n), Hsic.hsic(a, b, n), 1e-14);
    }

    @Test
    void layerLossIsInputTermMinusGammaLabelTerm() {
        SplittableRandom random = new SplittableRandom(13);
        int n = 5;
        double[] kx = new double[n * n];
        double[] ky = new double[n * n];
        double[] kz = new double[n * n];
        Kernels.gaussianMatrix(RandomWindows.inputs(n, 4, random), n, 4, 0.5, kx);
        Kernels.gaussianMatrix(RandomWindows.oneHot(n, 3, random), n, 3, 0.1, ky);
        Kernels.gaussianMatrix(RandomWindows.layerNormLike(n, 6, random), n, 6, 1.0, kz);
        assertEquals(directHsic(kx, kz, n) - 2.0 * directHsic(ky, kz, n), Hsic.layerLoss(kx, ky, kz, n, 2.0), 1e-14);
    }

    @Test
    void identicalSamplesCarryNoDependence() {
        // every entry 1: centring removes everything
        int n = 4;
        double[] ones = new double[n * n];
        java.util.Arrays.fill(ones, 1.0);
        double[] kz = new double[n * n];
        Kernels.gaussianMatrix(RandomWindows.layerNormLike(n, 3, new SplittableRandom(1)), n, 3, 1.0, kz);
        assertEquals(0.0, Hsic.hsic(ones, kz, n), 1e-15);
    }
}

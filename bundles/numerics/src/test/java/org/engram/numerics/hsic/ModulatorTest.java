package org.engram.numerics.hsic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModulatorTest {

    /** One random window with its input and label kernels. */
    private record Case(int n, int d, double[] kx, double[] ky, double[] z) {
        static Case random(int n, int inputSize, int classes, int d, double sigmaX, double sigmaY, SplittableRandom random) {
            double[] kx = new double[n * n];
            double[] ky = new double[n * n];
            Kernels.gaussianMatrix(RandomWindows.inputs(n, inputSize, random), n, inputSize, sigmaX, kx);
            Kernels.gaussianMatrix(RandomWindows.oneHot(n, classes, random), n, classes, sigmaY, ky);
            return new Case(n, d, kx, ky, RandomWindows.layerNormLike(n, d, random));
        }

        double[] xi(ModulatorVariant variant, double gamma, double sigmaZ) {
            double[] out = new double[d];
            new Modulator(n, d).signal(variant, kx, ky, gamma, z, sigmaZ, out);
            return out;
        }

        double loss(double[] activity, double gamma, double sigmaZ) {
            double[] kz = new double[n * n];
            Kernels.gaussianMatrix(activity, n, d, sigmaZ, kz);
            return Hsic.layerLoss(kx, ky, kz, n, gamma);
        }

        /** Central differences of the layer loss in each coordinate of the last row. */
        double[] finiteDifferenceGradient(double gamma, double sigmaZ) {
            double[] g = new double[d];
            double[] zz = z.clone();
            double h = 1e-5;
            for (int i = 0; i < d; i++) {
                int k = (n - 1) * d + i;
                zz[k] = z[k] + h;
                double up = loss(zz, gamma, sigmaZ);
                zz[k] = z[k] - h;
                double down = loss(zz, gamma, sigmaZ);
                zz[k] = z[k];
                g[i] = (up - down) / (2 * h);
            }
            return g;
        }
    }

    @Test
    void exactVariantIsFiniteDifferenceGradientOfLayerLoss() {
        SplittableRandom random = new SplittableRandom(21);
        double[][] sigmas = {{0.5, 0.1, 1.0}, {1.0, 0.5, 2.0}, {0.3, 0.25, 0.5}};
        for (int n : new int[] {2, 3, 5, 8, 16}) {
            for (double gamma : new double[] {0.5, 2.0, 10.0}) {
                for (double[] s : sigmas) {
                    Case c = Case.random(n, 12, 3, 6, s[0], s[1], random);
                    double[] fd = c.finiteDifferenceGradient(gamma, s[2]);
                    double err = RandomWindows.relativeError(c.xi(ModulatorVariant.EXACT, gamma, s[2]), fd);
                    assertTrue(err <= 1e-6, "N=" + n + " γ=" + gamma + " σ=" + java.util.Arrays.toString(s) + ": " + err);
                }
            }
        }
    }

    @Test
    void exactVariantIsFiniteDifferenceGradientAtMnistSizes() {
        Case c = Case.random(8, 784, 10, 64, 0.5, 0.1, new SplittableRandom(22));
        double[] fd = c.finiteDifferenceGradient(2.0, 1.0);
        assertTrue(RandomWindows.relativeError(c.xi(ModulatorVariant.EXACT, 2.0, 1.0), fd) <= 1e-6);
    }

    @Test
    void atTwoSamplesReleasedIsHalfTheGradientAndTheOthersEqualIt() {
        SplittableRandom random = new SplittableRandom(23);
        for (int trial = 0; trial < 20; trial++) {
            double gamma = 0.5 + 5 * random.nextDouble();
            Case c = Case.random(2, 10, 4, 8, 0.5, 0.5, random);
            double[] exact = c.xi(ModulatorVariant.EXACT, gamma, 1.0);
            double[] half = exact.clone();
            for (int i = 0; i < half.length; i++) {
                half[i] *= 0.5;
            }
            double tol = 1e-12 * norm(exact);
            assertArrayEquals(half, c.xi(ModulatorVariant.FRONTIERS_RELEASED, gamma, 1.0), tol);
            assertArrayEquals(exact, c.xi(ModulatorVariant.FRONTIERS_PATCHED, gamma, 1.0), tol);
            assertArrayEquals(exact, c.xi(ModulatorVariant.V1, gamma, 1.0), tol);
        }
    }

    @Test
    void alignmentWithExactGradientOnMnistLikeWindowsMatchesSpecTable() {
        // spec §2.4: cos(ξ_F, exact) 0.61 at N = 8 and 0.34 at N = 32; V1 0.97 and 0.99
        double[] at8 = meanCosines(8, 200, 24);
        double[] at32 = meanCosines(32, 100, 25);
        assertTrue(at8[0] > 0.45 && at8[0] < 0.75, "cos(F, exact) at N=8: " + at8[0]);
        assertTrue(at8[1] > 0.45 && at8[1] < 0.75, "cos(Ffix, exact) at N=8: " + at8[1]);
        assertTrue(at8[2] > 0.9, "cos(V1, exact) at N=8: " + at8[2]);
        assertTrue(at32[0] > 0.2 && at32[0] < at8[0], "cos(F, exact) at N=32: " + at32[0]);
        assertTrue(at32[2] > 0.9, "cos(V1, exact) at N=32: " + at32[2]);
    }

    /** Mean cosines of (F, F-fix, V1) with the exact ξ over random windows at the MNIST settings. */
    private static double[] meanCosines(int n, int trials, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] sum = new double[3];
        for (int t = 0; t < trials; t++) {
            Case c = Case.random(n, 784, 10, 64, 0.5, 0.1, random);
            double[] exact = c.xi(ModulatorVariant.EXACT, 2.0, 1.0);
            sum[0] += RandomWindows.cosine(c.xi(ModulatorVariant.FRONTIERS_RELEASED, 2.0, 1.0), exact);
            sum[1] += RandomWindows.cosine(c.xi(ModulatorVariant.FRONTIERS_PATCHED, 2.0, 1.0), exact);
            sum[2] += RandomWindows.cosine(c.xi(ModulatorVariant.V1, 2.0, 1.0), exact);
        }
        for (int i = 0; i < 3; i++) {
            sum[i] /= trials;
        }
        return sum;
    }

    @Test
    void reusedWorkspaceGivesTheSameSignalAsAFreshOne() {
        SplittableRandom random = new SplittableRandom(26);
        Modulator shared = new Modulator(6, 5);
        for (ModulatorVariant v : ModulatorVariant.values()) {
            Case c = Case.random(6, 9, 3, 5, 0.5, 0.1, random);
            double[] out = new double[5];
            shared.signal(v, c.kx(), c.ky(), 2.0, c.z(), 1.0, out);
            assertArrayEquals(c.xi(v, 2.0, 1.0), out, 0.0);
        }
    }

    @Test
    void windowKernelsOverloadUsesTheirMatrices() {
        SplittableRandom random = new SplittableRandom(27);
        int n = 4;
        double[] x = RandomWindows.inputs(n, 3, random);
        double[] y = RandomWindows.oneHot(n, 2, random);
        double[] z = RandomWindows.layerNormLike(n, 5, random);
        WindowKernels kernels = new WindowKernels(n, 0.5, 0.1);
        kernels.compute(x, 3, y, 2);
        double[] kx = new double[n * n];
        double[] ky = new double[n * n];
        Kernels.gaussianMatrix(x, n, 3, 0.5, kx);
        Kernels.gaussianMatrix(y, n, 2, 0.1, ky);
        Modulator m = new Modulator(n, 5);
        double[] a = new double[5];
        double[] b = new double[5];
        m.signal(ModulatorVariant.EXACT, kernels, 2.0, z, 1.0, a);
        m.signal(ModulatorVariant.EXACT, kx, ky, 2.0, z, 1.0, b);
        assertArrayEquals(b, a, 0.0);
        assertEquals(n, kernels.length());
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}

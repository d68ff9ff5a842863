package org.engram.numerics.hsic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KernelsTest {

    @Test
    void oneHotLabelsAtPaperBandwidthGiveOneForSameClassAndExpMinusTenOtherwise() {
        // spec §2.8: σ_y = 0.1 over 10 classes is σ̃_y = 0.316, so a different class gives e^−10 = 4.54e-5
        double[] y = new double[3 * 10];
        y[3] = 1.0;
        y[10 + 3] = 1.0;
        y[20 + 7] = 1.0;
        assertEquals(0.316, Kernels.bandwidth(0.1, 10), 5e-4);
        double[] k = new double[9];
        Kernels.gaussianMatrix(y, 3, 10, 0.1, k);
        assertEquals(1.0, k[0 * 3 + 1], 1e-15);
        assertEquals(4.54e-5, k[0 * 3 + 2], 5e-8);
        assertEquals(Math.exp(-10.0), k[1 * 3 + 2], 1e-18);
        assertEquals(k[2 * 3 + 1], k[1 * 3 + 2]);
        assertEquals(1.0, k[2 * 3 + 2]);
    }

    @Test
    void bandwidthScalesWithSquareRootOfDimension() {
        // two points at squared distance D in D dimensions: exp(−D/(2σ²D)) = exp(−1/(2σ²)) whatever D is
        for (int dim : new int[] {1, 4, 784}) {
            double[] x = new double[2 * dim];
            for (int i = 0; i < dim; i++) {
                x[dim + i] = 1.0;
            }
            assertEquals(Math.exp(-1.0 / (2 * 0.5 * 0.5)), Kernels.gaussian(x, 0, 1, dim, 0.5), 1e-15);
        }
    }

    @Test
    void rowEqualsMatrixRow() {
        SplittableRandom random = new SplittableRandom(3);
        double[] z = RandomWindows.layerNormLike(6, 5, random);
        double[] k = new double[36];
        Kernels.gaussianMatrix(z, 6, 5, 1.0, k);
        double[] row = new double[8];
        Kernels.gaussianRow(z, 4, 6, 5, 1.0, row, 2);
        for (int j = 0; j < 6; j++) {
            assertEquals(k[4 * 6 + j], row[2 + j], 0.0);
            double d2 = 0;
            for (int i = 0; i < 5; i++) {
                d2 += Math.pow(z[4 * 5 + i] - z[j * 5 + i], 2);
            }
            assertEquals(Math.exp(-d2 / (2.0 * 5)), k[4 * 6 + j], 1e-15);
        }
    }
}

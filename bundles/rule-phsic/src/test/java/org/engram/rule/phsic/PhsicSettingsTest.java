package org.engram.rule.phsic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PhsicSettingsTest {

    private static double[] oneHot(int label, int classes, boolean centred) {
        double[] y = new double[classes];
        for (int c = 0; c < classes; c++) {
            y[c] = (c == label ? 1.0 : 0.0) - (centred ? 1.0 / classes : 0.0);
        }
        return y;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void cosineKernelBetweenClassesIsTheCosineOfCentredOneHotVectors() {
        for (int classes : new int[] {2, 3, 10}) {
            double[] a = oneHot(0, classes, true);
            double[] b = oneHot(classes - 1, classes, true);
            double cosine = dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
            assertEquals(cosine, PhsicSettings.LabelKernel.COSINE.betweenClasses(classes, 0.5), 1e-15);
            assertEquals(1.0, dot(a, a) / Math.sqrt(dot(a, a) * dot(a, a)), 1e-15);
        }
    }

    @Test
    void gaussianKernelBetweenClassesUsesTheUnscaledBandwidth() {
        double sigma = 0.7;
        double[] a = oneHot(1, 4, false);
        double[] b = oneHot(2, 4, false);
        double d2 = dot(a, a) + dot(b, b) - 2 * dot(a, b);
        assertEquals(Math.exp(-d2 / (2 * sigma * sigma)), PhsicSettings.LabelKernel.GAUSSIAN.betweenClasses(4, sigma), 1e-15);
    }

    @Test
    void oneClassIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PhsicSettings.LabelKernel.COSINE.betweenClasses(1, 0.5));
    }
}

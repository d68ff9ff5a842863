package org.engram.numerics.hsic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.engram.numerics.network.SlidingWindow;
import org.junit.jupiter.api.Test;

class WindowKernelsTest {

    private static void assertFresh(SlidingWindow w, WindowKernels k) {
        int n = w.length();
        double[] kx = new double[n * n];
        double[] ky = new double[n * n];
        Kernels.gaussianMatrix(w.inputs(), n, w.inputSize(), 0.5, kx);
        Kernels.gaussianMatrix(w.targets(), n, w.classes(), 0.1, ky);
        // the slide moves entries computed by the same expression, so equality is exact
        assertArrayEquals(kx, k.inputKernel(), 0.0);
        assertArrayEquals(ky, k.labelKernel(), 0.0);
    }

    @Test
    void slidingByOneSampleEqualsRecomputing() {
        SplittableRandom random = new SplittableRandom(31);
        SlidingWindow w = new SlidingWindow(5, 7, 3);
        WindowKernels k = new WindowKernels(5, 0.5, 0.1);
        for (int i = 0; i < 30; i++) {
            w.push(RandomWindows.inputs(1, 7, random), random.nextInt(3), 1);
            if (w.isFull()) {
                k.update(w);
                assertFresh(w, k);
            }
        }
    }

    @Test
    void jumpAfterClearRecomputesEverything() {
        SplittableRandom random = new SplittableRandom(32);
        SlidingWindow w = new SlidingWindow(4, 3, 2);
        WindowKernels k = new WindowKernels(4, 0.5, 0.1);
        for (int i = 0; i < 4; i++) {
            w.push(RandomWindows.inputs(1, 3, random), i % 2, 1);
        }
        k.update(w);
        w.clear();
        for (int i = 0; i < 4; i++) {
            w.push(RandomWindows.inputs(1, 3, random), (i + 1) % 2, 2);
        }
        k.update(w);
        assertFresh(w, k);
        k.update(w); // same step: kept
        assertFresh(w, k);
    }

    @Test
    void rejectsWindowOfAnotherLength() {
        WindowKernels k = new WindowKernels(4, 0.5, 0.1);
        SlidingWindow w = new SlidingWindow(3, 2, 2);
        assertThrows(IllegalArgumentException.class, () -> k.update(w));
        assertThrows(IllegalArgumentException.class, () -> new WindowKernels(1, 0.5, 0.1));
    }
}

package org.engram.numerics.random;

import java.util.SplittableRandom;

/**
 * The order an epoch presents its samples in: the engine's trials, the test kit's trainer and contracts and the bench
 * all shuffle here, so a test or a bench run sees its samples in the order a trial with that generator would.
 */
public final class Permutations {

    private Permutations() {
    }

    /** {@code 0, 1, ..., n - 1}. */
    public static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Shuffles {@code a} in place (Fisher-Yates, from the last position down), drawing {@code a.length - 1} ints. */
    public static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

package org.engram.dataset.synthetic;

import java.util.SplittableRandom;

/**
 * Random draws spelled out here, so a seed gives bit-identical data (and content hash) on every JVM and CPU:
 * RandomGenerator.nextGaussian's algorithm is not specified, and Math.log may use intrinsics, StrictMath not.
 */
final class Draws {

    private Draws() {
    }

    /** One N(0, 1) draw by Box-Muller; uses two uniforms and discards the second normal of the pair for simplicity. */
    static double normal(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble(); // (0, 1], so the log is finite
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** A uniform draw from [low, high). */
    static double uniform(SplittableRandom random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}

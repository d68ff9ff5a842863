package org.engram.numerics.network;

import java.util.SplittableRandom;

/** Weight initialisations. */
public final class Initializers {

    /** Standard deviation of a standard normal truncated to [-2, 2]: rescales it back to unit variance. */
    private static final double TRUNCATED_NORMAL_STD = 0.87962566103423978;

    private Initializers() {
    }

    /**
     * LeCun-normal as in Flax: a normal truncated at two standard deviations, scaled to variance
     * {@code 1/fanIn} (the paper's initialisation, spec §2.8).
     */
    public static void lecunNormal(double[] weights, int fanIn, SplittableRandom random) {
        double scale = Math.sqrt(1.0 / fanIn) / TRUNCATED_NORMAL_STD;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = scale * truncatedStandardNormal(random);
        }
    }

    /** A standard normal conditioned on |x| <= 2, by rejection. */
    public static double truncatedStandardNormal(SplittableRandom random) {
        while (true) {
            double x = gaussian(random);
            if (Math.abs(x) <= 2.0) {
                return x;
            }
        }
    }

    /** A standard normal from two uniforms (Box-Muller); SplittableRandom has no nextGaussian on Java 17. */
    public static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble(); // in (0, 1], keeps log finite
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}

package org.engram.numerics.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * How a trial's seed becomes each component's generator: from the seed and the component's name only, so adding a
 * component never shifts another's numbers. The engine's trials, the test kit's trial context and the bench all
 * derive their generators here, so a test or a bench run starts from the same weights as a trial with that seed.
 */
public final class ComponentRandom {

    private ComponentRandom() {
    }

    /** @param component its name, e.g. {@code init}, {@code data-order}, {@code neuron/0} */
    public static SplittableRandom of(long seed, String component) {
        // FNV-1a of the name, mixed with the seed; SplittableRandom then scrambles the combined seed.
        long h = 0xcbf29ce484222325L;
        for (byte b : component.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ h);
    }
}

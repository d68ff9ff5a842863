package org.engram.engine;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Derives a component's generator from the trial seed and the component's name only. */
final class TrialRandom {

    private TrialRandom() {
    }

    static SplittableRandom forComponent(long seed, String component) {
        // FNV-1a of the name, mixed with the seed; SplittableRandom then scrambles the combined seed.
        long h = 0xcbf29ce484222325L;
        for (byte b : component.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ h);
    }
}

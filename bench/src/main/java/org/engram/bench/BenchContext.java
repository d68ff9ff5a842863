package org.engram.bench;

import java.util.List;
import org.engram.api.TrialContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.Parameters;
import org.engram.memory.window.WindowMemory;
import org.engram.testkit.TestTrialContext;

/**
 * The trial context of a benchmarked trial: what the engine's trial runner provides, without OSGi. It is the test
 * kit's context with the engine's seeding (numerics' {@code ComponentRandom}, so a bench trial starts from the same
 * weights as an engine trial with that seed), the given backend and the window memory the engine opens by default.
 * The JMH benchmarks use it too.
 */
public final class BenchContext {

    private BenchContext() {
    }

    public static TrialContext of(long seed, ComputeBackend backend) {
        return new TestTrialContext(seed).withBackend(backend)
                .withMemory(new WindowMemory(), Parameters.defaults(List.of()));
    }
}

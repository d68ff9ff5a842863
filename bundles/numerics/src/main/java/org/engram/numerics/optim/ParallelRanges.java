package org.engram.numerics.optim;

import java.util.function.IntConsumer;
import org.engram.api.compute.ComputeBackend;

/**
 * How an optimizer splits one update over a backend's threads: {@code units} (rows, or single entries) cut into
 * contiguous ranges, a few per thread, each a part for {@link ComputeBackend#inParallel}. Only updates of at least
 * {@link #MIN_ENTRIES} entries are split; smaller ones cost less than a handoff to another thread.
 */
final class ParallelRanges {

    /** 2^14 entries take some 50 µs of AdamW on one core (about 3 ns each), well above a team's handoff. */
    static final long MIN_ENTRIES = 1L << 14;

    /** Ranges per thread: a thread that loses its core then holds the update up by a small range only. */
    static final int PARTS_PER_THREAD = 4;

    /** Null when there is one thread. */
    private final ComputeBackend backend;
    private final int threads;

    ParallelRanges(ComputeBackend backend) {
        this.threads = backend == null ? 1 : Math.max(1, backend.threads());
        this.backend = threads > 1 ? backend : null;
    }

    /** The parts an update of {@code units} units of {@code unitSize} entries is split into; 1 = do it serially. */
    int parts(int units, int unitSize) {
        if (backend == null || (long) units * unitSize < MIN_ENTRIES) {
            return 1;
        }
        return Math.min(PARTS_PER_THREAD * threads, units);
    }

    /** The first unit of {@code part} of {@code parts} (part == parts gives the end): near-equal contiguous ranges. */
    static int start(int part, int parts, int units) {
        return (int) ((long) units * part / parts);
    }

    /** Runs {@code task} for parts 0 .. parts − 1 on the backend's threads. */
    void run(int parts, IntConsumer task) {
        backend.inParallel(parts, task);
    }
}

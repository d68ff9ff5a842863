package org.engram.compute.java;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A trial's helper threads for one parallel region at a time, started by the caller's thread (the trial's): the
 * caller posts the region, takes parts itself and waits only for parts a helper is already running; a part no helper
 * has claimed yet the caller runs too, so a late helper never delays the region. An idle helper may spin for
 * {@link #SPIN_NANOS} before it parks, to catch the next region of a step without a wake-up; on the 2-core
 * development machine any spin slowed the caller's serial work between regions more than it saved, so it parks at
 * once and each region wakes it. A caller may cut a
 * region into more parts than threads: a helper that loses its core then holds up only the small part it started.
 * When helpers keep missing regions (other work holds the cores), the caller runs regions alone for a while
 * ({@link #MISSES_BEFORE_BACKOFF}), so a busy machine costs a trial little more than one thread would.
 *
 * <p>Helpers are daemon threads named after the team, made in the constructor and ended by {@link #close}: one
 * team per trial, nothing shared between trials.
 */
final class WorkerTeam implements AutoCloseable {

    /**
     * How long an idle helper spins (yielding) before it parks. 0: on the 2-core development machine, idle, a whole
     * learning step on two threads (`EpochBench --time SETUP --threads 1,2`) took 143 against 157 µs on one for IB
     * RECOMPUTE, 86 against 93 for STORED and 198 against 195 for backprop with no spin; with a 100 µs yielding spin
     * the medians were no better than one thread's and varied from chunk to chunk, and a busy spin was worse
     * (169, 104, 267 µs): a spinning helper slows the caller's own serial work between regions (the two virtual
     * cores of that machine behave as if they shared one).
     */
    static final long SPIN_NANOS = 0;
    /** Busy spins of the caller waiting for a helper's part before it yields instead (some microseconds). */
    private static final int WAIT_SPINS = 1_000;
    /**
     * Regions in a row in which no helper ran a part although one was awake when the region was posted (it never got
     * a core in time: the machine is busy with other work) after which the caller stops posting regions for {@link #BACKOFF_REGIONS} and runs them alone: the
     * helper then parks instead of taking CPU time that the caller, or other work, would use better.
     */
    static final int MISSES_BEFORE_BACKOFF = 32;
    /** Regions the caller then runs alone before it posts one again (a few hundred learning steps). */
    static final int BACKOFF_REGIONS = 4_096;
    /** How long {@link #close} waits for each helper to end (it ends within one part, normally at once). */
    private static final long JOIN_MILLIS = 10_000;

    private final Thread[] helpers;
    /** Per helper: set while it is parked or about to park, so a new region unparks it. */
    private final AtomicInteger[] parked;
    /**
     * Even while a region is posted or none is, odd while the caller sets one up (a sequence lock): a helper takes
     * the task and part count only when it read the same even value before and after them.
     */
    private volatile long region;
    private volatile IntConsumer task;
    private volatile int parts;
    /**
     * The next part to claim, in the low 32 bits, tagged with its region in the high ones, so that a helper still
     * holding an earlier region's task cannot claim a part of the next one.
     */
    private final AtomicLong ticket = new AtomicLong();
    /** Parts of the current region not finished yet. */
    private final AtomicInteger unfinished = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /**
     * True while a region runs: a part that starts a region itself, or another thread calling meanwhile, runs its
     * parts serially (the same results; a view is meant for its trial's thread, but this keeps a stray caller safe).
     */
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean closed;
    private final int missesBeforeBackoff;
    private final int backoffRegions;
    /** The caller's own: regions in a row without a helper's part, and regions left to run alone. */
    private int misses;
    private int alone;

    /**
     * @param threads the caller and {@code threads − 1} helpers
     * @param name    the helpers' name prefix, e.g. the trial's
     */
    WorkerTeam(int threads, String name) {
        this(threads, name, MISSES_BEFORE_BACKOFF, BACKOFF_REGIONS);
    }

    /** With another back-off, for tests: {@code Integer.MAX_VALUE} misses never backs off. */
    WorkerTeam(int threads, String name, int missesBeforeBackoff, int backoffRegions) {
        this.missesBeforeBackoff = missesBeforeBackoff;
        this.backoffRegions = backoffRegions;
        if (threads < 1) {
            throw new IllegalArgumentException("a team needs at least 1 thread, got " + threads);
        }
        helpers = new Thread[threads - 1];
        parked = new AtomicInteger[threads - 1];
        for (int h = 0; h < helpers.length; h++) {
            int index = h;
            parked[h] = new AtomicInteger();
            helpers[h] = new Thread(() -> work(index), name + "-" + (h + 1));
            helpers[h].setDaemon(true);
        }
        for (Thread helper : helpers) {
            helper.start();
        }
    }

    /** The caller and its helpers. */
    int threads() {
        return helpers.length + 1;
    }

    /**
     * Whether a region posted now would be shared; false while the team backs off (a caller then does the work its
     * own way, e.g. a product whole rather than in blocks), which counts as one region run alone. Caller's thread.
     */
    boolean sharing() {
        if (alone > 0 && !running.get()) {
            alone--;
            return false;
        }
        return helpers.length > 0 && !closed;
    }

    /**
     * Runs {@code part.accept(i)} for every i below {@code count}, on the caller and the helpers, returning when all
     * are done. The first exception a part throws is rethrown (an unchecked one as it is) once every part has ended.
     * Meant for one calling thread; another caller meanwhile runs its parts itself.
     */
    void run(int count, IntConsumer part) {
        if (count <= 1 || helpers.length == 0 || closed || !running.compareAndSet(false, true)) {
            runAlone(count, part);
            return;
        }
        if (alone > 0) {
            // backing off: no helper has been getting a core (see MISSES_BEFORE_BACKOFF)
            alone--;
            try {
                runAlone(count, part);
            } finally {
                running.set(false);
            }
            return;
        }
        long posted = region + 2;
        try {
            failure.set(null);
            region = posted - 1;
            task = part;
            parts = count;
            unfinished.set(count);
            ticket.set(tag(posted));
            region = posted;
            boolean helperAwake = false;
            for (int h = 0; h < helpers.length; h++) {
                if (parked[h].get() != 0) {
                    LockSupport.unpark(helpers[h]);
                } else {
                    helperAwake = true;
                }
            }
            int mine = claimParts(posted, part, count);
            if (mine < count) {
                misses = 0;
            } else if (helperAwake && ++misses == missesBeforeBackoff) {
                // only a helper that was awake and still got no part says the cores are busy; a parked one just
                // needed a wake-up (after a pause of the trial, or after a back-off, when every helper has parked)
                misses = 0;
                alone = backoffRegions;
            }
            // only parts a helper has started are left: they end soon, unless the helper lost its core, which the
            // yields then give it back when this thread shares one with it
            for (int spins = 0; unfinished.get() != 0; spins++) {
                if (spins < WAIT_SPINS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        } finally {
            task = null;
            running.set(false);
        }
        rethrow(failure.getAndSet(null));
    }

    /** Every part on this thread, in order; as with helpers, the first exception is rethrown after the last part. */
    private static void runAlone(int count, IntConsumer part) {
        Throwable first = null;
        for (int i = 0; i < count; i++) {
            try {
                part.accept(i);
            } catch (Throwable e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        rethrow(first);
    }

    private static void rethrow(Throwable thrown) {
        if (thrown == null) {
            return;
        }
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(thrown);
    }

    private static long tag(long region) {
        return region << 32;
    }

    /**
     * Claims and runs parts of region {@code posted} until none is left or the ticket belongs to another region.
     *
     * @return the parts this thread ran
     */
    private int claimParts(long posted, IntConsumer part, int count) {
        long tag = tag(posted);
        int ran = 0;
        while (true) {
            long t = ticket.get();
            int i = (int) t;
            if ((t & 0xFFFF_FFFF_0000_0000L) != tag || i >= count) {
                return ran;
            }
            if (!ticket.compareAndSet(t, t + 1)) {
                continue;
            }
            ran++;
            try {
                part.accept(i);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                unfinished.decrementAndGet();
            }
        }
    }

    private void work(int index) {
        long seen = region;
        AtomicInteger sleeping = parked[index];
        while (!closed) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (region == seen && !closed) {
                if (System.nanoTime() - spinUntil > 0) {
                    // park only after announcing it and looking once more: a region posted meanwhile unparks us
                    sleeping.set(1);
                    while (region == seen && !closed) {
                        LockSupport.park(this);
                    }
                    sleeping.set(0);
                } else {
                    // a yield, not a busy spin: returns at once on an idle core, gives the core away on a loaded one
                    Thread.yield();
                }
            }
            if (closed) {
                return;
            }
            long posted = region;
            if ((posted & 1) != 0) {
                continue; // being set up: look again
            }
            IntConsumer part = task;
            int count = parts;
            if (region != posted) {
                continue;
            }
            seen = posted;
            if (part != null) {
                claimParts(posted, part, count);
            }
        }
    }

    /** Ends the helpers and waits for them; the team runs later regions on the caller alone. */
    @Override
    public void close() {
        closed = true;
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        boolean interrupted = false;
        for (Thread helper : helpers) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
            while (helper.isAlive() && System.nanoTime() < deadline) {
                try {
                    helper.join(JOIN_MILLIS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

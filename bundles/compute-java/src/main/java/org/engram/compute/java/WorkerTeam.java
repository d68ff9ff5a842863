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
 * has claimed yet the caller runs too, so a late helper never delays the region. An idle helper spins (yielding) for
 * {@link #SPIN_NANOS} before it parks, to catch the next region of a step without a wake-up, which on the 2-core
 * development machine took as long as a part. A caller may cut a region into more parts than threads: a helper that
 * loses its core then holds up only the small part it started. The caller times regions shared and alone now and
 * then and keeps the faster way for a while ({@link #PROBE_REGIONS}), so a machine whose cores do not run both
 * threads at once, or one busy with other work, costs a trial little more than one thread would.
 *
 * <p>Helpers are daemon threads named after the team, made in the constructor and ended by {@link #close}: one
 * team per trial, nothing shared between trials.
 */
final class WorkerTeam implements AutoCloseable {

    /**
     * How long an idle helper spins (yielding) before it parks: long enough to span the serial work between the
     * regions of a learning step, so that a helper stays awake on its own core while a trial learns. On the 2-core
     * development machine, idle, a parked helper took 22 µs (median) to start a part after its region was posted, as
     * long as a part of the regions a step posts, so two threads ran a step no faster than one; a spinning one starts
     * within a microsecond, and two threads then ran IB RECOMPUTE steps in 100 against 150 µs on one, STORED 67
     * against 89, backprop 119 against 173, two-sample pHSIC 63 against 98 (`EpochBench --time SETUP --threads 2`,
     * medians). The spin yields: on a loaded core that gives the core away at once.
     */
    static final long SPIN_NANOS = 200_000;
    /** Busy spins of the caller waiting for a helper's part before it yields instead (some microseconds). */
    private static final int WAIT_SPINS = 1_000;
    /**
     * Regions in each probe: the team times that many regions shared, then as many run alone by the caller (from the
     * first region's start to the next phase's first, so the serial work between regions counts too), and keeps the
     * faster way for {@link #FIRST_DECIDED_REGIONS} to {@link #DECIDED_REGIONS}. Sharing pays only where the two
     * threads get cores of their own: on the 2-core development machine the same steps ran 1.3 to 1.6 times faster
     * on two threads at one time and slower than on one at another (its virtual cores then behaving as one), and on
     * a machine busy with other work a helper that loses its core holds regions up. In such a period
     * (`EpochBench --time SETUP --threads 2`, four alternating rounds), the team before this one, whose helpers
     * parked at once and which backed off after regions no helper took, ran IB RECOMPUTE steps in 146–224 µs
     * against 145–156 on one thread and backprop in 173–316 against 171–180; this one in 151–166 and 134–180.
     */
    static final int PROBE_REGIONS = 256;
    /**
     * Regions run the chosen way after a probe that chose differently from the one before (and after the first): a
     * short time, as a trial's first probes run while the JIT compiles and may choose wrongly. Measured, whole
     * epochs from a fresh JVM on two threads: the first probe, in backprop's first 250 steps, chose to run alone
     * (shared 77 ms against 58 alone), and the next 8192 regions, about 2700 steps, then ran at 200–250 µs a step
     * against the 130–140 µs shared after the next probe.
     */
    static final int FIRST_DECIDED_REGIONS = 512;
    /**
     * The most regions run the chosen way before the next probe (some thousand learning steps): each probe that
     * chooses as the one before doubles the time to the next, up to this.
     */
    static final int DECIDED_REGIONS = 8_192;
    /** Sharing is kept when its probe took at most this share of the time alone. */
    static final double SHARING_PAYS = 0.9;
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
    private final int probeRegions;
    private final int firstDecidedRegions;
    private final int decidedRegions;
    /** Regions the next decision holds for, if it is the same as the last; and the last decision. */
    private int nextDecidedRegions;
    private Phase lastDecision;
    /** The caller's own schedule: the phase, its regions left, when it started, and the shared probe's time. */
    private Phase phase = Phase.WARM_UP;
    private int phaseLeft;
    private long phaseStart;
    private long sharedProbeNanos;
    /** Whether {@link #sharing} has decided the region that the caller's next {@link #run} posts. */
    private boolean decided;

    /** Where the caller's schedule of shared and lone regions stands. */
    private enum Phase {
        /** Shared regions before a probe, not timed: the first ones while the JIT compiles, later ones after lone regions. */
        WARM_UP,
        PROBE_SHARED,
        PROBE_ALONE,
        SHARED,
        ALONE
    }

    /**
     * @param threads the caller and {@code threads − 1} helpers
     * @param name    the helpers' name prefix, e.g. the trial's
     */
    WorkerTeam(int threads, String name) {
        this(threads, name, PROBE_REGIONS, FIRST_DECIDED_REGIONS, DECIDED_REGIONS);
    }

    /** With another schedule, for tests. */
    WorkerTeam(int threads, String name, int probeRegions, int firstDecidedRegions, int decidedRegions) {
        this.probeRegions = Math.max(1, probeRegions);
        this.decidedRegions = Math.max(1, decidedRegions);
        this.firstDecidedRegions = Math.max(1, Math.min(firstDecidedRegions, this.decidedRegions));
        this.phaseLeft = this.probeRegions;
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
     * Whether the region the caller is about to start is shared (then it posts it with {@link #run}), or run alone:
     * the caller then does the work its own way, e.g. a product whole rather than in blocks. Caller's thread.
     */
    boolean sharing() {
        if (helpers.length == 0 || closed || running.get()) {
            return false;
        }
        boolean shared = shareNextRegion();
        decided = shared;
        return shared;
    }

    /** Advances the caller's schedule by one region and says whether that region is shared. */
    private boolean shareNextRegion() {
        if (phaseLeft == 0) {
            long now = System.nanoTime();
            switch (phase) {
                case PROBE_SHARED -> {
                    sharedProbeNanos = now - phaseStart;
                    begin(Phase.PROBE_ALONE, probeRegions, now);
                }
                case PROBE_ALONE -> decide(sharedProbeNanos <= SHARING_PAYS * (now - phaseStart) ? Phase.SHARED
                        : Phase.ALONE, now);
                // a helper parked through lone regions may wake on the caller's core until the scheduler moves it:
                // shared regions settle first, untimed
                case ALONE -> begin(Phase.WARM_UP, probeRegions, now);
                default -> begin(Phase.PROBE_SHARED, probeRegions, now);
            }
        }
        phaseLeft--;
        return phase != Phase.PROBE_ALONE && phase != Phase.ALONE;
    }

    /** Runs the probe's choice for a while: twice as long as last time if the last probe chose the same. */
    private void decide(Phase decision, long now) {
        int regions = decision == lastDecision ? nextDecidedRegions : firstDecidedRegions;
        lastDecision = decision;
        nextDecidedRegions = (int) Math.min(decidedRegions, 2L * regions);
        begin(decision, regions, now);
    }

    private void begin(Phase next, int regions, long now) {
        phase = next;
        phaseLeft = regions;
        phaseStart = now;
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
        boolean shared = decided || shareNextRegion();
        decided = false;
        if (!shared) {
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
            for (int h = 0; h < helpers.length; h++) {
                if (parked[h].get() != 0) {
                    LockSupport.unpark(helpers[h]);
                }
            }
            claimParts(posted, part, count);
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

    /** Claims and runs parts of region {@code posted} until none is left or the ticket belongs to another region. */
    private void claimParts(long posted, IntConsumer part, int count) {
        long tag = tag(posted);
        while (true) {
            long t = ticket.get();
            int i = (int) t;
            if ((t & 0xFFFF_FFFF_0000_0000L) != tag || i >= count) {
                return;
            }
            if (!ticket.compareAndSet(t, t + 1)) {
                continue;
            }
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

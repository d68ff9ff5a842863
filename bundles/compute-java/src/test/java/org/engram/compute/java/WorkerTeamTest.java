package org.engram.compute.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class WorkerTeamTest {

    @Test
    void everyPartRunsExactlyOnceInEveryRegion() {
        try (WorkerTeam team = new WorkerTeam(3, "test-team")) {
            for (int region = 0; region < 20_000; region++) {
                int parts = 1 + region % 5;
                int[] runs = new int[parts];
                team.run(parts, p -> runs[p]++);
                int[] once = new int[parts];
                Arrays.fill(once, 1);
                assertEquals(Arrays.toString(once), Arrays.toString(runs), "region " + region);
            }
        }
    }

    @Test
    void helpersDoShareTheWork() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        // a probe that never ends: every region is shared
        try (WorkerTeam team = new WorkerTeam(2, "test-share", Integer.MAX_VALUE, 0, 0)) {
            for (int region = 0; region < 2_000 && threads.size() < 2; region++) {
                team.run(2, p -> {
                    threads.add(Thread.currentThread().getName());
                    long until = System.nanoTime() + 20_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                });
            }
        }
        assertEquals(2, threads.size(), "the caller and its helper: " + threads);
    }

    @Test
    void aPartsExceptionReachesTheCallerAfterEveryPartEnded() {
        AtomicInteger done = new AtomicInteger();
        try (WorkerTeam team = new WorkerTeam(2, "test-failure", Integer.MAX_VALUE, 0, 0)) {
            IllegalStateException thrown = new IllegalStateException("part 1 fails");
            for (int attempt = 0; attempt < 200; attempt++) {
                done.set(0);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> team.run(4, p -> {
                    if (p == 1) {
                        throw thrown;
                    }
                    done.incrementAndGet();
                }));
                assertSame(thrown, e);
                assertEquals(3, done.get());
            }
            // the team goes on working after a failure
            int[] runs = new int[2];
            team.run(2, p -> runs[p]++);
            assertEquals("[1, 1]", Arrays.toString(runs));
        }
    }

    @Test
    void closeEndsTheHelpersAndLeaksNoThread() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        for (int trial = 0; trial < 50; trial++) {
            WorkerTeam team = new WorkerTeam(2, "test-leak-" + trial);
            team.run(2, p -> { });
            team.close();
        }
        Set<Thread> leaked = ConcurrentHashMap.newKeySet();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.getName().startsWith("test-leak-") && t.isAlive()) {
                leaked.add(t);
            }
        }
        assertTrue(leaked.isEmpty(), "threads left running: " + leaked);
    }

    @Test
    void helpersAreNamedDaemonThreads() {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        try (WorkerTeam team = new WorkerTeam(2, "test-named", Integer.MAX_VALUE, 0, 0)) {
            for (int region = 0; region < 2_000 && seen.size() < 2; region++) {
                team.run(2, p -> {
                    seen.add(Thread.currentThread());
                    long until = System.nanoTime() + 20_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                });
            }
        }
        Thread caller = Thread.currentThread();
        for (Thread t : seen) {
            if (t != caller) {
                assertTrue(t.isDaemon());
                assertEquals("test-named-1", t.getName());
                assertFalse(t.isAlive(), "closed");
            }
        }
    }

    @Test
    void aTeamThatBacksOffStillRunsEveryPartOnceAndReportsFailures() {
        // probes of one region each way, 3 regions decided: shared and lone regions, many times
        try (WorkerTeam team = new WorkerTeam(2, "test-backoff", 1, 3, 3)) {
            for (int region = 0; region < 5_000; region++) {
                int[] runs = new int[4];
                team.run(4, p -> runs[p]++);
                assertEquals("[1, 1, 1, 1]", Arrays.toString(runs), "region " + region);
            }
            for (int region = 0; region < 20; region++) {
                AtomicInteger done = new AtomicInteger();
                assertThrows(IllegalStateException.class, () -> team.run(4, p -> {
                    if (p == 0) {
                        throw new IllegalStateException("part 0 fails");
                    }
                    done.incrementAndGet();
                }));
                assertEquals(3, done.get(), "every other part ran, region " + region);
            }
        }
    }

    /**
     * A helper that holds regions up (its part sleeps 10 ms, the caller waits for it: as if it had lost its core)
     * makes sharing the slower way in the probe, so the caller then runs the regions alone.
     */
    @Test
    void aTeamWhoseSharedRegionsRunSlowerRunsThemAlone() {
        try (WorkerTeam team = new WorkerTeam(2, "test-probe", 8, 1_000, 1_000)) {
            // warm-up, shared probe and lone probe: 8 regions each
            for (int region = 0; region < 24; region++) {
                regionWithASlowHelper(team);
            }
            for (int region = 0; region < 100; region++) {
                assertFalse(team.sharing(), "region " + region + " after the probes");
            }
        }
    }

    /**
     * With sharing always the slower way (as above), each probe chooses to run alone as the one before did, so the
     * lone stretch between probes doubles from the first decided length up to the most: the probe's regions alone,
     * then 4, 8, 16, 16 decided ones.
     */
    @Test
    void probesThatKeepChoosingTheSameWayComeLessOften() {
        List<Integer> loneStretches = new ArrayList<>();
        try (WorkerTeam team = new WorkerTeam(2, "test-doubling", 2, 4, 16)) {
            int lone = 0;
            while (loneStretches.size() < 4) {
                boolean shared = regionWithASlowHelper(team);
                if (shared && lone > 0) {
                    loneStretches.add(lone);
                    lone = 0;
                } else if (!shared) {
                    lone++;
                }
            }
        }
        assertEquals(List.of(2 + 4, 2 + 8, 2 + 16, 2 + 16), loneStretches);
    }

    /**
     * One region as the backend runs it: if the team shares it, two parts, the helper's sleeping 10 ms and the
     * caller's waiting until a helper has started (so a helper slow to wake under load still makes the region slow);
     * if not, the caller's own 0.2 ms without {@code run}. Sharing then takes 50 times as long, a margin that
     * preempting the caller during a lone probe (some ms on a loaded machine) does not close.
     *
     * @return whether the team shared the region
     */
    private static boolean regionWithASlowHelper(WorkerTeam team) {
        if (!team.sharing()) {
            spin(200_000);
            return false;
        }
        Thread caller = Thread.currentThread();
        AtomicBoolean helperStarted = new AtomicBoolean();
        team.run(2, p -> {
            if (Thread.currentThread() != caller) {
                helperStarted.set(true);
                long wakeUp = System.nanoTime() + 10_000_000;
                for (long left; (left = wakeUp - System.nanoTime()) > 0;) {
                    LockSupport.parkNanos(left); // may return early
                }
            } else {
                long giveUp = System.nanoTime() + 1_000_000_000L;
                while (!helperStarted.get() && System.nanoTime() < giveUp) {
                    Thread.yield();
                }
            }
        });
        return true;
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aClosedOrOneThreadTeamRunsPartsOnTheCaller() {
        WorkerTeam team = new WorkerTeam(1, "test-one");
        Thread caller = Thread.currentThread();
        team.run(3, p -> assertSame(caller, Thread.currentThread()));
        team.close();
        WorkerTeam two = new WorkerTeam(2, "test-closed");
        two.close();
        int[] runs = new int[3];
        two.run(3, p -> {
            assertSame(caller, Thread.currentThread());
            runs[p]++;
        });
        assertEquals("[1, 1, 1]", Arrays.toString(runs));
    }

    @Test
    void aRegionStartedInsideAPartRunsSerially() {
        try (WorkerTeam team = new WorkerTeam(2, "test-nested")) {
            int[][] runs = new int[2][3];
            team.run(2, outer -> team.run(3, inner -> runs[outer][inner]++));
            assertEquals("[[1, 1, 1], [1, 1, 1]]", Arrays.deepToString(runs));
        }
    }
}

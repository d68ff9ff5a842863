package org.engram.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.data.DataSplits;

/** The timing primitives of the epoch bench: steady-state rate, whole epoch, seeds in parallel. */
final class Measurements {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Measurements() {
    }

    /**
     * A steady-state figure of one configuration.
     *
     * @param steps          learning steps timed
     * @param seconds        their wall time
     * @param stepsPerEpoch  steps in one pass over the training split (59 993 windows for IB N=8 on MNIST)
     * @param bytesPerStep   heap allocated per step by the training thread
     * @param testAccuracy   after a whole epoch, else NaN
     */
    record Rate(TrialSetup setup, long steps, double seconds, long stepsPerEpoch, double bytesPerStep,
            double testAccuracy, double cpuSeconds) {

        /** CPU time of the training thread per step: less disturbed than wall time when other work shares the cores. */
        double cpuMicrosPerStep() {
            return 1e6 * cpuSeconds / steps;
        }

        double stepsPerSecond() {
            return steps / seconds;
        }

        double secondsPerEpoch() {
            return stepsPerEpoch * seconds / steps;
        }

        double microsPerStep() {
            return 1e6 * seconds / steps;
        }

        /** Allocation rate in MB/s. */
        double allocationRate() {
            return bytesPerStep * stepsPerSecond() / 1e6;
        }
    }

    /** {@code warm} untimed steps (JIT), then {@code steps} timed ones, of seed 1. */
    static Rate steady(TrialSetup setup, DataSplits data, ComputeBackend backend, long warm, long steps) {
        BenchTrial trial = new BenchTrial(setup, data, 1, backend);
        trial.learn(warm);
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        trial.learn(steps);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
        return new Rate(setup, steps, seconds, setup.stepsPerEpoch(data.train().size()), allocated / (double) steps,
                Double.NaN, cpuSeconds);
    }

    /** One whole epoch of seed 1 from a fresh JVM state, timed as the engine times it (JIT warm-up included). */
    static Rate wholeEpoch(TrialSetup setup, DataSplits data, ComputeBackend backend) {
        BenchTrial trial = new BenchTrial(setup, data, 1, backend);
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long steps = trial.finishEpoch();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
        return new Rate(setup, steps, seconds, steps, allocated / (double) steps, trial.accuracy(data.test()),
                cpuSeconds);
    }

    /**
     * {@code seeds} independent trials (seeds 1..K, the same data order, as the paper's 30 models) on a pool of
     * {@code threads}, each taking {@code stepsPerSeed} steps after {@code warm} untimed ones.
     *
     * @return the wall time of the timed part, in seconds
     */
    static double parallelSeeds(TrialSetup setup, DataSplits data, ComputeBackend backend, int seeds, int threads,
            long warm, long stepsPerSeed) throws Exception {
        List<BenchTrial> trials = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            trials.add(new BenchTrial(setup, data, s, backend));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            runAll(pool, trials, warm);
            long t0 = System.nanoTime();
            runAll(pool, trials, stepsPerSeed);
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdown();
        }
    }

    private static void runAll(ExecutorService pool, List<BenchTrial> trials, long steps) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (BenchTrial trial : trials) {
            done.add(pool.submit(() -> trial.learn(steps)));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }
}

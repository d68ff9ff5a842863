package org.engram.study;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import org.engram.api.engine.Engine;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.PluginInfo;
import org.engram.api.engine.TrialCheckpoints;
import org.engram.api.engine.TrialFailedException;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.study.StudyTrial;

/**
 * Fails a trial that makes no progress for a while, so that one stuck plugin (a {@code learn()} that never returns)
 * cannot freeze a study: the engine's call runs on a thread of its own, which reports progress every hundred samples
 * and after every epoch; the study's thread waits for it. When no progress comes for the study's {@code stallSeconds},
 * the trial fails, naming the plugin whose code the thread is in, with the thread's stack in its {@code failure.txt}.
 *
 * <p>Java cannot stop a thread safely, so the stuck one is interrupted (a plugin that honours interrupts ends there)
 * and otherwise left behind: a daemon thread, which ends with the process, and whose later progress, results and
 * checkpoints are refused, so it changes nothing the study wrote. The study goes on with its other trials.
 */
final class TrialWatchdog {

    /** How long a trial may go without progress by default: far longer than a hundred samples or an evaluation take. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** How long a stuck trial's thread has, once interrupted, to end by itself before it is left behind. */
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);
    /** The engine's package: the frames below the first of its frames are Engram's, those above are the plugins'. */
    private static final String ENGINE_PACKAGE = "org.engram.engine.";

    /** The engine's work for one trial, with the listener and checkpoints that the watchdog watches. */
    interface Work {
        TrialResult run(TrialListener listener, TrialCheckpoints checkpoints) throws InvalidTrialException, TrialFailedException;
    }

    private final Duration timeout;
    private final Engine engine;
    private final BiPredicate<String, String> bundleHasClass;

    /**
     * @param timeout       how long without progress fails a trial; zero never does
     * @param engine        names the trial's plugins and their bundles
     * @param bundleHasClass whether the bundle of a symbolic name holds a class, by the class's name
     */
    TrialWatchdog(Duration timeout, Engine engine, BiPredicate<String, String> bundleHasClass) {
        this.timeout = timeout;
        this.engine = engine;
        this.bundleHasClass = bundleHasClass;
    }

    /**
     * Runs {@code work} on a new daemon thread and returns its result or throws what it threw. Interrupting the
     * calling thread interrupts the trial's (Engram is stopping), which then ends at its next learning step; the
     * interrupt is kept for the caller.
     *
     * @throws TrialFailedException also when the trial made no progress for the timeout
     */
    TrialResult run(StudyTrial t, TrialListener listener, TrialCheckpoints checkpoints, Work work)
            throws InvalidTrialException, TrialFailedException {
        Watched watched = new Watched(listener, checkpoints);
        CompletableFuture<TrialResult> done = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                done.complete(work.run(watched, watched));
            } catch (Exception | Error e) {
                done.completeExceptionally(e);
            }
        }, "engram-trial-" + t.id());
        // a stuck trial left behind must not keep the process alive
        worker.setDaemon(true);
        worker.start();
        boolean interrupted = false;
        try {
            while (true) {
                long idle = System.nanoTime() - watched.lastProgress;
                long wait = timeout.isZero() ? TimeUnit.SECONDS.toNanos(1) : Math.max(1, timeout.toNanos() - idle);
                try {
                    return done.get(wait, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (!timeout.isZero() && System.nanoTime() - watched.lastProgress >= timeout.toNanos()) {
                        throw stalled(t, worker, watched, done);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    worker.interrupt();
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private TrialFailedException stalled(StudyTrial t, Thread worker, Watched watched, CompletableFuture<TrialResult> done) {
        StackTraceElement[] stack = worker.getStackTrace();
        watched.abandoned = true;
        worker.interrupt();
        try {
            done.get(INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // ended by the interrupt, or still stuck: the trial is failed either way
        }
        String thread = worker.isAlive()
                ? "its thread (" + worker.getName() + ") was interrupted and, as it did not stop, left behind: Java cannot "
                        + "stop a thread safely, so it stays, a daemon thread, until the process ends, and nothing it "
                        + "still does is recorded"
                : "its thread (" + worker.getName() + ") ended when interrupted";
        long seconds = timeout.toSeconds();
        return new TrialFailedException("trial '" + t.id() + "' made no progress for " + seconds + " s since "
                + watched.at + " (stallSeconds: " + seconds + "): its thread is stuck in " + stuckIn(stack, t.spec())
                + ". The trial is failed; " + thread + ". The fault is in that plugin's code, not in the study: report it "
                + "to its author with the thread's stack (the trial's failure.txt), or choose another plugin. If the trial "
                + "is only slow, raise stallSeconds in the study (0 turns the watchdog off)", new StuckThread(worker, stack));
    }

    /**
     * The plugin whose code the stack is in: of the frames above the engine's (the code the engine called), the topmost
     * in a bundle that provides one of the trial's plugins, as {@code rule 'x' (bundle b 1.0.0), at <frame>}.
     */
    String stuckIn(StackTraceElement[] stack, TrialSpec spec) {
        int engineFrame = stack.length;
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().startsWith(ENGINE_PACKAGE)) {
                engineFrame = i;
                break;
            }
        }
        List<PluginInfo> plugins = trialPlugins(spec);
        for (int i = 0; i < engineFrame; i++) {
            String c = stack[i].getClassName();
            // a class may be in several bundles' jars: only those of the trial's plugins count
            List<String> provided = plugins.stream().filter(p -> bundleHasClass.test(p.bundle(), c))
                    .map(p -> p.kind().word() + " '" + p.name() + "' (bundle " + p.bundle() + " " + p.version() + ")")
                    .distinct().toList();
            if (!provided.isEmpty()) {
                return String.join(" or ", provided) + ", at " + frame(stack[i]);
            }
        }
        for (int i = 0; i < engineFrame; i++) {
            String c = stack[i].getClassName();
            if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                return "code outside the trial's plugins, at " + frame(stack[i]);
            }
        }
        return stack.length == 0 ? "code that Java cannot show (the thread has no stack)" : "the engine, at " + frame(stack[0]);
    }

    /** A frame as a stack trace shows it, without the class loader's name: {@code a.B.c(B.java:12)}. */
    private static String frame(StackTraceElement e) {
        return e.getClassName() + "." + e.getMethodName() + "(" + (e.getFileName() == null ? "Unknown Source"
                : e.getFileName() + (e.getLineNumber() >= 0 ? ":" + e.getLineNumber() : "")) + ")";
    }

    /** The plugins the trial names, as the engine sees them now (a memory or backend not named: every one of its kind). */
    private List<PluginInfo> trialPlugins(TrialSpec spec) {
        List<PluginInfo> out = new ArrayList<>();
        for (PluginInfo p : engine.plugins()) {
            boolean used = switch (p.kind()) {
                case DATASET -> p.name().equals(spec.dataset());
                case RULE -> p.name().equals(spec.rule());
                case MEMORY -> spec.memory() == null || p.name().equals(spec.memory());
                case BACKEND -> spec.backend() == null || p.name().equals(spec.backend());
                case NEURON -> spec.layers().stream().map(LayerSpec::neuron).anyMatch(p.name()::equals);
                case CONNECTIVITY -> spec.layers().stream().map(LayerSpec::connectivityName).anyMatch(p.name()::equals);
            };
            if (used) {
                out.add(p);
            }
        }
        return out;
    }

    private static TrialFailedException rethrow(Throwable e) throws InvalidTrialException, TrialFailedException {
        if (e instanceof InvalidTrialException i) {
            throw i;
        }
        if (e instanceof TrialFailedException f) {
            throw f;
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new TrialFailedException(String.valueOf(e), e);
    }

    /** The thread's stack when the trial was failed, as the cause in its failure.txt. */
    static final class StuckThread extends Exception {
        private static final long serialVersionUID = 1L;

        StuckThread(Thread thread, StackTraceElement[] stack) {
            super("the stack of thread " + thread.getName() + " when its trial was failed as stuck", null, false, true);
            setStackTrace(stack);
        }
    }

    /** The listener and checkpoints the engine gets: progress is noted, and nothing counts once the trial is failed. */
    private static final class Watched implements TrialListener, TrialCheckpoints {
        private final TrialListener listener;
        private final TrialCheckpoints checkpoints;
        volatile long lastProgress = System.nanoTime();
        volatile String at = "its start";
        volatile boolean abandoned;

        Watched(TrialListener listener, TrialCheckpoints checkpoints) {
            this.listener = listener;
            this.checkpoints = checkpoints;
        }

        private void beat(String where) {
            if (abandoned) {
                // the engine ends the trial's thread here, as for any failing listener
                throw new IllegalStateException("the trial was failed as stuck; its late progress is not recorded");
            }
            lastProgress = System.nanoTime();
            at = where;
        }

        @Override
        public void progress(int epoch, long samplesDone, long samplesPerEpoch) {
            beat("epoch " + epoch + ", training sample " + samplesDone + " of " + samplesPerEpoch);
            listener.progress(epoch, samplesDone, samplesPerEpoch);
        }

        @Override
        public void epochDone(EpochResult result) {
            beat("the end of epoch " + result.epoch());
            listener.epochDone(result);
        }

        @Override
        public Optional<byte[]> latest() throws IOException {
            return checkpoints.latest();
        }

        @Override
        public void save(int epoch, byte[] state) throws IOException {
            if (abandoned) {
                throw new IOException("the trial was failed as stuck; its late checkpoint is not kept");
            }
            checkpoints.save(epoch, state);
        }
    }
}

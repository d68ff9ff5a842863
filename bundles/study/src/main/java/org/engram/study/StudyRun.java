package org.engram.study;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.engram.api.engine.Engine;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialResult;
import org.engram.api.study.Study;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyOutcome;
import org.engram.api.study.StudyTrial;
import org.osgi.service.log.Logger;

/**
 * One run (or resume) of a study in its folder: the trials on a fixed pool of {@code parallel} threads,
 * each independent, then {@code failures.txt}, {@code summary.csv} and the plots from what is on disk.
 * Per trial: {@code metrics.csv} (rewritten after every epoch), {@code checkpoint.bin} (the engine's state
 * after the last epoch, while the trial runs), {@code provenance.json}, then {@code DONE}; a failed trial gets
 * {@code failure.txt} with its stack trace instead of {@code DONE}, and keeps its checkpoint. While a trial runs its
 * folder holds a {@code RUNNING} marker ({@link RunningMarker}), removed just before {@code DONE} or {@code failure.txt}
 * is written.
 *
 * <p>Another process may run the same trial at the same time (a Slurm task requeued while the first copy still
 * runs). Both compute the same values and replace each file atomically, so whichever writes last leaves the same
 * results; a copy leaves another's marker alone, saves no checkpoint once the trial is {@code DONE}, and writes no
 * {@code failure.txt} over a {@code DONE} trial.
 *
 * <p>A trial whose folder holds a checkpoint continues from it. Its {@code metrics.csv} keeps the rows up to
 * the checkpoint's epoch, epochs the engine reports again replace their rows rather than add to them, and the
 * listener hears first the last epoch done before (so progress starts there), then only the epochs after it.
 */
final class StudyRun {

    static final String DONE = "DONE";
    static final String PROVENANCE = "provenance.json";
    static final String FAILURE = "failure.txt";
    static final String FAILURES = "failures.txt";
    /** How long a stopped run waits for its trials to reach their next learning step. */
    static final long STOP_WAIT_SECONDS = 20;

    /** The threads each trial may compute with: the cores divided among the trials running at once. */
    private volatile int trialThreads = 1;
    private final Engine engine;
    private final Study study;
    private final Path folder;
    private final StudyListener listener;
    private final Optional<String> gitCommit;
    private final AtomicFiles files;
    private final RunningMarker marker;
    private final BooleanSupplier processStopping;
    private final Clock clock;
    /** Fails a trial that makes no progress for the study's stallSeconds. */
    private final TrialWatchdog watchdog;
    /** The log service's logger while there is one (it may come and go during a run), else null: then stderr. */
    private final Supplier<Logger> logger;
    /** Set when the caller stops the run (the process is being stopped: SIGTERM, a Slurm pre-emption). */
    private volatile boolean stopping;
    /** Trials that ended because the process was stopping: interrupted, not failed. */
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    /** One report rewrite at a time: trials finish epochs on several threads. */
    private final Object reportLock = new Object();
    /** Whether a report that could not be written was warned about already (once is enough). */
    private boolean reportFailureShown;

    /**
     * @param processStopping whether the process is being stopped (the framework or the JVM shutting down)
     * @param clock           the time the report says it was updated
     * @param watchdog        runs each trial, failing one that makes no progress for a while
     * @param logger          where warnings go: the logger it gives at the time, or stderr when it gives null
     */
    StudyRun(Engine engine, Study study, Path folder, StudyListener listener, Optional<String> gitCommit, AtomicFiles files,
            RunningMarker marker, BooleanSupplier processStopping, Clock clock, TrialWatchdog watchdog,
            Supplier<Logger> logger) {
        this.engine = engine;
        this.study = study;
        this.folder = folder;
        this.logger = logger;
        this.listener = new SafeListener(listener, this::warn);
        this.gitCommit = gitCommit;
        this.files = files;
        this.marker = marker;
        this.processStopping = processStopping;
        this.clock = clock;
        this.watchdog = watchdog;
    }

    static boolean isDone(Path folder, StudyTrial t) {
        return Files.isRegularFile(folder.resolve(t.id()).resolve(DONE));
    }

    /**
     * Runs the trials not done yet and writes the study's files.
     *
     * @param skipped ids of trials already done, reported as such
     */
    StudyOutcome execute(List<StudyTrial> toRun, List<String> skipped) throws IOException {
        return execute(toRun, skipped, true);
    }

    /**
     * Runs the trials not done yet and writes only their folders (a part of a run that others finish; {@link #collect}
     * writes the study's files).
     */
    StudyOutcome executeTrialsOnly(List<StudyTrial> toRun, List<String> skipped) throws IOException {
        return execute(toRun, skipped, false);
    }

    /**
     * The study's files from its trials' folders as they are now: {@code failures.txt}, the summary and the plots.
     * Done trials are {@code completed}, failed ones {@code failures}, the rest {@code notRun}.
     */
    StudyOutcome collect() throws IOException {
        List<String> completed = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        List<String> notRun = new ArrayList<>();
        for (StudyTrial t : study.trials()) {
            Path dir = folder.resolve(t.id());
            if (isDone(folder, t)) {
                completed.add(t.id());
            } else if (RunningMarker.read(dir).isEmpty() && Files.isRegularFile(dir.resolve(FAILURE))) {
                failures.put(t.id(), failureReason(t, dir.resolve(FAILURE)));
            } else {
                notRun.add(t.id());
            }
        }
        try {
            writeFailures(failures);
            writeSummary();
        } catch (FileWriteException e) {
            throw WriteFailures.cannotWrite(e.file, folder, e.cause);
        }
        StudyOutcome outcome = new StudyOutcome(study, folder, completed, List.of(), failures, notRun);
        listener.finished(outcome);
        return outcome;
    }

    /** The reason a failed trial's {@code failure.txt} gives on its first line, after the trial's id. */
    static String failureReason(StudyTrial t, Path failure) {
        try (BufferedReader r = Files.newBufferedReader(failure)) {
            String first = r.readLine();
            if (first == null) {
                return "(its failure.txt is empty)";
            }
            return first.startsWith(t.id() + ": ") ? first.substring(t.id().length() + 2) : first;
        } catch (IOException e) {
            return "(cannot read its failure.txt: " + e + ")";
        }
    }

    private StudyOutcome execute(List<StudyTrial> toRun, List<String> skipped, boolean summarise) throws IOException {
        listener.started(study, folder, toRun);
        rewriteReport();
        Map<StudyTrial, Future<String>> futures = new LinkedHashMap<>();
        boolean interrupted = false;
        if (!toRun.isEmpty()) {
            int running = Math.min(study.parallel(), toRun.size());
            // each trial computes on its share of the cores: all of them for a lone trial, none left idle by a short study
            trialThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / running);
            ExecutorService pool = Executors.newFixedThreadPool(running, threads());
            try {
                for (StudyTrial t : toRun) {
                    futures.put(t, pool.submit(() -> runTrial(t)));
                }
                for (Future<String> f : futures.values()) {
                    f.get();
                }
            } catch (InterruptedException e) {
                // Engram is stopping (Ctrl-C, SIGTERM): the trials stop at their next learning step, each keeping its
                // last checkpoint. The flag is restored only at the end, so that the summary can still be written.
                interrupted = true;
                stopping = true;
                pool.shutdownNow();
                awaitStoppedTrials(pool);
            } catch (ExecutionException e) {
                // only what runTrial lets through on purpose: the JVM itself is in trouble (an internal error)
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        List<String> completed = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        List<String> notRun = new ArrayList<>();
        for (Map.Entry<StudyTrial, Future<String>> e : futures.entrySet()) {
            String id = e.getKey().id();
            Future<String> f = e.getValue();
            if (!f.isDone() || f.isCancelled() || stopped.contains(id)) {
                notRun.add(id);
            } else {
                String failure = finished(f);
                if (failure == null) {
                    completed.add(id);
                } else {
                    failures.put(id, failure);
                }
            }
        }
        if (summarise) {
            try {
                writeFailures(failures);
                writeSummary();
            } catch (FileWriteException e) {
                throw WriteFailures.cannotWrite(e.file, folder, e.cause);
            }
        }
        StudyOutcome outcome = new StudyOutcome(study, folder, completed, skipped, failures, notRun);
        listener.finished(outcome);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return outcome;
    }

    /**
     * Waits, a bounded time, for the interrupted trials to stop, so that none writes into the folder after the summary
     * and a trial that stops in time is reported as interrupted rather than as still running. A plugin that ignores
     * interrupts (stuck in its own code) is left behind on its daemon thread.
     */
    private static void awaitStoppedTrials(ExecutorService pool) {
        try {
            pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException again) {
            // a second stop request: go on to the summary at once
        }
    }

    /** The result of a future known to be done and not cancelled (Future.resultNow needs Java 19). */
    private static String finished(Future<String> f) {
        try {
            return f.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("a finished trial task has no result", e);
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "engram-trial-" + n.incrementAndGet());
            // an interrupted study must not keep the JVM alive for the trials still running
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs one trial; returns null when it finished, else why it failed. Never throws. */
    private String runTrial(StudyTrial t) {
        Path dir = folder.resolve(t.id());
        listener.trialStarted(t);
        CheckpointFile checkpoints = null;
        String running = null;
        try {
            Files.createDirectories(dir);
            running = startMarker(dir);
            checkpoints = CheckpointFile.open(dir, folder, files, engine::checkpointEpoch);
            // by epoch: a resumed engine may report again the epochs before its checkpoint
            SortedMap<Integer, EpochResult> epochs = new TreeMap<>();
            int[] shown = {-1};
            if (checkpoints.openedAt().isPresent()) {
                int from = checkpoints.openedAt().getAsInt();
                epochs.putAll(recordedUpTo(dir.resolve(MetricsCsv.FILE), from));
                // progress starts where the trial continues: the last epoch it had done
                shown[0] = from;
                listener.epochDone(t, epochs.getOrDefault(from, new EpochResult(from, Double.NaN, Double.NaN, Map.of(), 0)));
            }
            TrialListener progress = new TrialListener() {
                @Override
                public void progress(int epoch, long samplesDone, long samplesPerEpoch) {
                    listener.progress(t, epoch, samplesDone, samplesPerEpoch);
                }

                @Override
                public void epochDone(EpochResult result) {
                    epochs.put(result.epoch(), result);
                    try {
                        // a long trial shows its curve on disk as it goes
                        files.write(dir.resolve(MetricsCsv.FILE), MetricsCsv.format(List.copyOf(epochs.values())));
                    } catch (IOException e) {
                        throw new UncheckedIOException(WriteFailures.cannotWrite(dir.resolve(MetricsCsv.FILE), folder, e));
                    }
                    if (result.epoch() > shown[0]) {
                        shown[0] = result.epoch();
                        rewriteReport();
                        listener.epochDone(t, result);
                    }
                }
            };
            // on a thread of its own, so that a plugin stuck in its code fails this trial only
            TrialResult result = watchdog.run(t, progress, checkpoints, (watched, kept) -> engine.run(t.spec(), watched, kept,
                    trialThreads));
            // the engine's record of every epoch is the truth; rows kept from before a resume fill any gap it leaves
            result.epochs().forEach(e -> epochs.put(e.epoch(), e));
            files.write(dir.resolve(MetricsCsv.FILE), MetricsCsv.format(List.copyOf(epochs.values())));
            files.write(dir.resolve(PROVENANCE), Json.write(Records.provenance(study, t, result, gitCommit)));
            // before DONE: a finished trial never holds a checkpoint (it can be large), and a crash in between
            // only costs a rerun of this trial
            checkpoints.delete();
            removeMarker(dir, running);
            files.write(dir.resolve(DONE), "");
            rewriteReport();
            listener.trialDone(t, result);
            return null;
        } catch (Exception | LinkageError | AssertionError | StackOverflowError | OutOfMemoryError e) {
            // any plugin failure fails this trial only; so does running out of memory, since the trial's arrays are
            // garbage once its stack has unwound to here, and the other trials go on
            String reason = reason(e);
            if (e instanceof InvalidTrialException && checkpoints != null && checkpoints.openedAt().isPresent()) {
                // the study validated before running, so what the engine refuses now is the checkpoint itself
                reason += " (continuing from " + checkpoints.file() + "; delete it, then 'engram resume " + folder
                        + "' reruns this trial from its first epoch)";
            }
            // an interrupted trial (the study was stopped) still records why: file channels refuse interrupted threads
            boolean interrupted = Thread.interrupted();
            if (stopping || interrupted || processStopping.getAsBoolean()) {
                // the process is being stopped (Ctrl-C, SIGTERM, a scheduler's pre-emption), so whatever failed did so
                // because Engram is stopping (a withdrawn plugin, an interrupted write): the trial is interrupted, not
                // failed, and keeps its checkpoint, from which 'engram resume' (or its requeued task) continues it
                removeMarker(dir, running);
                stopped.add(t.id());
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return reason;
            }
            try {
                removeMarker(dir, running);
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                // another copy of this trial (a requeued task) may have finished it meanwhile: its DONE stands
                if (!Files.exists(dir.resolve(DONE))) {
                    files.write(dir.resolve(FAILURE), t.id() + ": " + reason + "\n\n" + trace);
                }
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            rewriteReport();
            listener.trialFailed(t, reason);
            return reason;
        }
    }

    /**
     * Rewrites {@code report.html} from the folder as it is now. While trials run, a page that cannot be written costs
     * the page only (one warning); the trials' own files say more, and the end of the run writes it again.
     */
    private void rewriteReport() {
        synchronized (reportLock) {
            try {
                Report.write(files, Report.Contents.read(study, folder, marker.host(), clock.instant()));
            } catch (IOException | RuntimeException e) {
                if (!reportFailureShown) {
                    reportFailureShown = true;
                    warn("cannot write " + folder.resolve(Report.FILE) + " while the study runs (" + e + "); the trials go on");
                }
            }
        }
    }

    /**
     * Writes this process's {@code RUNNING} marker into the trial's folder and returns its content. Only a help for
     * {@code engram status}: a marker that cannot be written (a full disk) does not stop the trial, whose own files
     * then say what is wrong.
     */
    private String startMarker(Path dir) {
        String content = marker.content();
        try {
            files.write(dir.resolve(RunningMarker.FILE), content);
        } catch (IOException e) {
            return null;
        }
        return content;
    }

    /** Removes the trial's marker if it is still this process's, not that of a copy started after it. */
    private static void removeMarker(Path dir, String content) {
        if (content == null) {
            return;
        }
        Path file = dir.resolve(RunningMarker.FILE);
        try {
            if (Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // gone already, or unreadable: nothing of this process to remove
        }
    }

    /** The rows of {@code metrics.csv} up to and including epoch {@code last}; none if there is no such file. */
    private static Map<Integer, EpochResult> recordedUpTo(Path metrics, int last) throws IOException {
        Map<Integer, EpochResult> out = new TreeMap<>();
        if (Files.isRegularFile(metrics)) {
            for (EpochResult e : MetricsCsv.readEpochs(metrics)) {
                if (e.epoch() <= last) {
                    out.put(e.epoch(), e);
                }
            }
        }
        return out;
    }

    /** One line: the exception's own message (the engine's name the trial, the plugin and the fix), else its type. */
    static String reason(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            // a file of the trial could not be written: the message already says which and why
            return reason(u.getCause());
        }
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.toString()
                : e instanceof RuntimeException || e instanceof Error ? e.getClass().getSimpleName() + ": " + e.getMessage()
                : e.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private void writeFailures(Map<String, String> failures) throws IOException {
        Path file = folder.resolve(FAILURES);
        // a resume reruns earlier failures, so an old list is stale either way
        if (failures.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        StringBuilder sb = new StringBuilder();
        failures.forEach((id, why) -> sb.append(id).append(": ").append(why).append('\n'));
        write(file, sb.toString());
    }

    /** Summary and plots over every trial finished in this folder, whichever run finished it. */
    private void writeSummary() throws IOException {
        Map<String, List<MetricsCsv.Row>> curves = new LinkedHashMap<>();
        for (StudyTrial t : study.trials()) {
            if (isDone(folder, t)) {
                curves.put(t.id(), MetricsCsv.read(folder.resolve(t.id()).resolve(MetricsCsv.FILE)));
            }
        }
        List<Summary.Row> rows = Summary.compute(study.trials(), curves);
        List<String> keys = Summary.sweepKeys(study.trials());
        write(folder.resolve(Summary.FILE), Summary.csv(rows, keys));
        Report.Contents report = Report.Contents.read(study, folder, marker.host(), clock.instant());
        write(folder.resolve(Comparisons.FILE),
                Comparisons.csv(Comparisons.against(report.baseline(), report.groups())));
        Path accuracy = folder.resolve(Plots.ACCURACY);
        try {
            if (!Plots.accuracy(files, accuracy, study.name(), rows)) {
                Files.deleteIfExists(accuracy);
            }
        } catch (IOException e) {
            throw new FileWriteException(accuracy, e);
        }
        Path sweep = folder.resolve(Plots.SWEEP);
        boolean swept;
        try {
            swept = Plots.singleKey(keys).isPresent() && Plots.sweep(files, sweep, study.name(), keys.get(0), rows);
        } catch (IOException e) {
            throw new FileWriteException(sweep, e);
        }
        if (!swept) {
            Files.deleteIfExists(sweep);
        }
        Path metrics = folder.resolve(Plots.METRICS);
        try {
            if (!Plots.metrics(files, metrics, study.name(), rows)) {
                Files.deleteIfExists(metrics);
            }
        } catch (IOException e) {
            throw new FileWriteException(metrics, e);
        }
        synchronized (reportLock) {
            try {
                Report.write(files, report);
            } catch (IOException e) {
                throw new FileWriteException(folder.resolve(Report.FILE), e);
            }
        }
    }

    private void write(Path file, String text) throws FileWriteException {
        try {
            files.write(file, text);
        } catch (IOException e) {
            throw new FileWriteException(file, e);
        }
    }

    /** A study-level file that could not be written, with its name for the message. */
    private static final class FileWriteException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path file;
        private final IOException cause;

        FileWriteException(Path file, IOException cause) {
            super(cause);
            this.file = file;
            this.cause = cause;
        }
    }

    /** A warning to the log service when there is one, else one line on stderr. */
    private void warn(String message) {
        Logger current = logger.get();
        if (current != null) {
            current.warn(message);
        } else {
            System.err.println("engram: " + message);
        }
    }

    /** Keeps a faulty listener from failing trials: its exceptions are warned about and dropped. */
    private static final class SafeListener implements StudyListener {
        private final StudyListener delegate;
        private final Consumer<String> warn;

        SafeListener(StudyListener delegate, Consumer<String> warn) {
            this.delegate = delegate == null ? StudyListener.NONE : delegate;
            this.warn = warn;
        }

        private void call(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                warn.accept("a study listener failed: " + e);
            }
        }

        @Override
        public void started(Study study, Path folder, List<StudyTrial> toRun) {
            call(() -> delegate.started(study, folder, toRun));
        }

        @Override
        public void trialStarted(StudyTrial trial) {
            call(() -> delegate.trialStarted(trial));
        }

        @Override
        public void progress(StudyTrial trial, int epoch, long samplesDone, long samplesPerEpoch) {
            call(() -> delegate.progress(trial, epoch, samplesDone, samplesPerEpoch));
        }

        @Override
        public void epochDone(StudyTrial trial, EpochResult result) {
            call(() -> delegate.epochDone(trial, result));
        }

        @Override
        public void trialDone(StudyTrial trial, TrialResult result) {
            call(() -> delegate.trialDone(trial, result));
        }

        @Override
        public void trialFailed(StudyTrial trial, String reason) {
            call(() -> delegate.trialFailed(trial, reason));
        }

        @Override
        public void finished(StudyOutcome outcome) {
            call(() -> delegate.finished(outcome));
        }
    }
}

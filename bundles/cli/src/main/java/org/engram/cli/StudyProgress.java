package org.engram.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.TrialResult;
import org.engram.api.study.Study;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyOutcome;
import org.engram.api.study.StudyTrial;

/**
 * Shows a running study: on a terminal one line rewritten in place (with {@code \r}, at most once a second) with the
 * samples done in the current epoch, the samples per second of all running trials, and the time left in the epoch and
 * in the study, and a permanent line per finished trial; otherwise (a log, a pipe) a plain line per trial epoch and
 * per finished trial.
 * Each line has the trial's number k/n, its epoch, test accuracy, samples per second and the study's ETA,
 * estimated from the epochs done so far. A trial continued from its checkpoint starts at the epoch after it,
 * and the epochs before count neither as work to do nor as work done. Trials report from several threads,
 * hence the locking.
 */
final class StudyProgress implements StudyListener {

    /** The bar is redrawn at most once a second: progress arrives every hundred samples per trial. */
    static final long REDRAW_NANOS = 1_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final boolean quiet;
    private final LongSupplier nanoTime;
    /** Whether this runs only some trials of a run folder ({@code run --trial}), not a whole study or its rest. */
    private final boolean partial;

    private final Map<String, Integer> ordinal = new HashMap<>();
    private final Map<String, Running> running = new LinkedHashMap<>();
    private int total;
    private int done;
    private int failed;
    private long epochsTotal;
    private long epochsDone;
    private long start;
    private long lastDraw = Long.MIN_VALUE;
    private int barWidth;

    /** What is known of one running trial. */
    private static final class Running {
        final StudyTrial trial;
        int epoch = 1;
        /** Epochs of this trial already counted in {@code epochsDone}. */
        int counted;
        /** Epochs done before this run: a trial continued from its checkpoint starts after them. */
        int before;
        boolean heardAnEpoch;
        double fraction;
        long samplesDone;
        long epochStart;
        long samplesPerEpoch;
        double samplesPerSecond = Double.NaN;
        double testAccuracy = Double.NaN;

        Running(StudyTrial trial, long now) {
            this.trial = trial;
            this.epochStart = now;
        }
    }

    StudyProgress(PrintWriter out, boolean terminal, boolean quiet, LongSupplier nanoTime) {
        this(out, terminal, quiet, nanoTime, false);
    }

    /** @param partial some trials of a run folder only: the others are not "already done" but someone else's */
    StudyProgress(PrintWriter out, boolean terminal, boolean quiet, LongSupplier nanoTime, boolean partial) {
        this.out = out;
        this.terminal = terminal;
        this.quiet = quiet;
        this.nanoTime = nanoTime;
        this.partial = partial;
    }

    @Override
    public synchronized void started(Study study, Path folder, List<StudyTrial> toRun) {
        start = nanoTime.getAsLong();
        total = toRun.size();
        for (int i = 0; i < toRun.size(); i++) {
            ordinal.put(toRun.get(i).id(), i + 1);
            epochsTotal += toRun.get(i).spec().epochs();
        }
        if (!quiet && partial) {
            out.println("study " + study.name() + ": " + total + " of its " + study.trials().size() + " trials ("
                    + String.join(", ", toRun.stream().map(StudyTrial::id).limit(3).toList()) + (total > 3 ? ", ..." : "")
                    + "), up to " + study.parallel() + " at a time, in " + folder);
            out.flush();
        } else if (!quiet) {
            int skipped = study.trials().size() - total;
            out.println("study " + study.name() + ": " + total + (total == 1 ? " trial" : " trials")
                    + (skipped > 0 ? " to run, " + skipped + " already done" : "") + ", up to " + study.parallel()
                    + " at a time, into " + folder);
            out.flush();
        }
    }

    @Override
    public synchronized void trialStarted(StudyTrial trial) {
        running.put(trial.id(), new Running(trial, nanoTime.getAsLong()));
        drawBar(trial.id(), false);
    }

    @Override
    public synchronized void progress(StudyTrial trial, int epoch, long samplesDone, long samplesPerEpoch) {
        Running r = running.get(trial.id());
        if (r == null || samplesPerEpoch <= 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        r.epoch = epoch;
        r.fraction = Math.min(1.0, samplesDone / (double) samplesPerEpoch);
        r.samplesDone = samplesDone;
        r.samplesPerEpoch = samplesPerEpoch;
        if (now > r.epochStart) {
            r.samplesPerSecond = samplesDone / ((now - r.epochStart) / 1e9);
        }
        drawBar(trial.id(), false);
    }

    @Override
    public synchronized void epochDone(StudyTrial trial, EpochResult result) {
        Running r = running.get(trial.id());
        if (r == null) {
            return;
        }
        long now = nanoTime.getAsLong();
        r.testAccuracy = result.testAccuracy();
        if (!r.heardAnEpoch && result.epoch() >= 1) {
            // a trial continued from a checkpoint first reports the last epoch it had done, not epoch 0: the
            // epochs up to there are not this run's work, so neither its progress nor its ETA counts them
            r.heardAnEpoch = true;
            r.before = result.epoch();
            epochsTotal -= r.before;
            r.epoch = result.epoch() + 1;
            r.fraction = 0;
            r.epochStart = now;
            if (terminal) {
                drawBar(trial.id(), true);
            } else if (!quiet) {
                out.println(prefix(trial) + String.format(Locale.ROOT, "  resumed after epoch %d/%d  test %s", result.epoch(),
                        trial.spec().epochs(), pct(result.testAccuracy())));
                out.flush();
            }
            return;
        }
        r.heardAnEpoch = true;
        if (result.epoch() >= 1) {
            epochsDone++;
            r.counted++;
            if (r.samplesPerEpoch > 0 && result.seconds() > 0) {
                r.samplesPerSecond = r.samplesPerEpoch / result.seconds();
            }
        }
        r.epoch = result.epoch() + 1;
        r.fraction = 0;
        r.samplesDone = 0;
        r.epochStart = now;
        if (terminal) {
            drawBar(trial.id(), true);
        } else if (!quiet && result.epoch() >= 1) {
            out.println(prefix(trial) + String.format(Locale.ROOT, "  epoch %d/%d  test %s%s  ETA %s", result.epoch(),
                    trial.spec().epochs(), pct(result.testAccuracy()), rate(r.samplesPerSecond), eta(now)));
            out.flush();
        }
    }

    @Override
    public synchronized void trialDone(StudyTrial trial, TrialResult result) {
        countRest(trial, running.remove(trial.id()));
        done++;
        if (!quiet) {
            long now = nanoTime.getAsLong();
            permanent(prefix(trial) + "  done  test " + pct(result.finalTestAccuracy()) + "  (" + done + " done"
                    + (failed > 0 ? ", " + failed + " failed" : "") + " of " + total + " after "
                    + duration((now - start) / 1e9) + ", ETA " + eta(now) + ")");
        }
    }

    @Override
    public synchronized void trialFailed(StudyTrial trial, String reason) {
        countRest(trial, running.remove(trial.id()));
        failed++;
        if (!quiet) {
            permanent(prefix(trial) + "  FAILED: " + reason);
        }
    }

    @Override
    public synchronized void finished(StudyOutcome outcome) {
        clearBar();
        out.flush();
    }

    /** A trial that ended has no epochs left: count the ones not reported (or never to run after a failure). */
    private void countRest(StudyTrial trial, Running r) {
        epochsDone += Math.max(0, trial.spec().epochs() - (r == null ? 0 : r.counted + r.before));
    }

    private String prefix(StudyTrial trial) {
        return "[" + ordinal.getOrDefault(trial.id(), 0) + "/" + total + "] " + trial.id();
    }

    /** A line that stays: on a terminal it replaces the bar, which is then drawn again below it. */
    private void permanent(String line) {
        clearBar();
        out.println(line);
        if (terminal && !running.isEmpty()) {
            drawBar(running.keySet().iterator().next(), true);
        }
        out.flush();
    }

    private void drawBar(String id, boolean force) {
        if (!terminal || quiet) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        Running r = running.get(id);
        double rateSum = 0;
        for (Running x : running.values()) {
            if (!Double.isNaN(x.samplesPerSecond)) {
                rateSum += x.samplesPerSecond;
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "[%d/%d done, %d running%s] ", done, total, running.size(),
                failed > 0 ? ", " + failed + " failed" : ""));
        if (r != null) {
            sb.append(r.trial.id()).append(String.format(Locale.ROOT, " epoch %d/%d", Math.min(r.epoch, r.trial.spec().epochs()),
                    r.trial.spec().epochs()));
            if (r.samplesDone > 0) {
                sb.append(String.format(Locale.ROOT, "  %d/%d samples", r.samplesDone, r.samplesPerEpoch));
            }
            sb.append("  test ").append(pct(r.testAccuracy));
        }
        sb.append(rate(rateSum > 0 ? rateSum : Double.NaN));
        if (r != null && r.samplesDone > 0 && r.samplesPerSecond > 0) {
            sb.append("  epoch ETA ").append(duration((r.samplesPerEpoch - r.samplesDone) / r.samplesPerSecond));
        }
        sb.append("  study ETA ").append(eta(now));
        String line = sb.toString();
        out.print("\r" + line + " ".repeat(Math.max(0, barWidth - line.length())));
        barWidth = line.length();
        out.flush();
    }

    private void clearBar() {
        if (terminal && barWidth > 0) {
            out.print("\r" + " ".repeat(barWidth) + "\r");
            barWidth = 0;
        }
    }

    /** Time left for the whole study, from the share of all epochs done so far. */
    private String eta(long now) {
        double partial = 0;
        for (Running r : running.values()) {
            partial += r.fraction;
        }
        double f = epochsTotal == 0 ? 0 : (epochsDone + partial) / epochsTotal;
        if (f <= 0) {
            return "?";
        }
        return duration((now - start) / 1e9 * (1 - f) / f);
    }

    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }

    private static String rate(double samplesPerSecond) {
        return Double.isNaN(samplesPerSecond) ? "" : String.format(Locale.ROOT, "  %.0f samples/s", samplesPerSecond);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}

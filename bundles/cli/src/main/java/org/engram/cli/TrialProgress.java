package org.engram.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.TrialListener;

/**
 * What {@code engram trial} shows while its trial runs: a line per epoch (accuracies, time, metrics) and, on a
 * terminal, a line rewritten in place at most once a second inside the epoch with the samples done, samples per
 * second, and the time left in the epoch and in the trial. Nothing but the result with {@code --quiet}; no
 * rewritten line when the output is a log or a pipe.
 */
final class TrialProgress implements TrialListener {

    private final PrintWriter out;
    private final boolean terminal;
    private final boolean quiet;
    private final LongSupplier nanoTime;
    private final int epochs;
    private long epochStart;
    private long lastDraw = Long.MIN_VALUE;
    private int barWidth;
    /** Seconds of the training epochs done so far, for the time left in the trial. */
    private double trainedSeconds;
    private int trainedEpochs;

    TrialProgress(PrintWriter out, boolean terminal, boolean quiet, LongSupplier nanoTime, int epochs) {
        this.out = out;
        this.terminal = terminal;
        this.quiet = quiet;
        this.nanoTime = nanoTime;
        this.epochs = epochs;
        this.epochStart = nanoTime.getAsLong();
    }

    @Override
    public void progress(int epoch, long samplesDone, long samplesPerEpoch) {
        long now = nanoTime.getAsLong();
        if (!terminal || quiet || samplesPerEpoch <= 0 || now <= epochStart
                || lastDraw != Long.MIN_VALUE && now - lastDraw < StudyProgress.REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double rate = samplesDone / ((now - epochStart) / 1e9);
        double epochLeft = (samplesPerEpoch - samplesDone) / rate;
        double perEpoch = trainedEpochs > 0 ? trainedSeconds / trainedEpochs : samplesPerEpoch / rate;
        String line = String.format(Locale.ROOT, "epoch %d/%d  %d/%d samples  %.0f samples/s  epoch ETA %s  trial ETA %s",
                epoch, epochs, samplesDone, samplesPerEpoch, rate, StudyProgress.duration(epochLeft),
                StudyProgress.duration(epochLeft + perEpoch * Math.max(0, epochs - epoch)));
        out.print("\r" + line + " ".repeat(Math.max(0, barWidth - line.length())));
        barWidth = line.length();
        out.flush();
    }

    @Override
    public void epochDone(EpochResult e) {
        epochStart = nanoTime.getAsLong();
        if (e.epoch() >= 1) {
            trainedSeconds += e.seconds();
            trainedEpochs++;
        }
        if (quiet) {
            return;
        }
        clearBar();
        out.println(String.format(Locale.ROOT, "epoch %d/%d  train %s  test %s  %.1f s%s", e.epoch(), epochs,
                pct(e.trainAccuracy()), pct(e.testAccuracy()), e.seconds(), metrics(e.metrics())));
        out.flush();
    }

    private void clearBar() {
        if (barWidth > 0) {
            out.print("\r" + " ".repeat(barWidth) + "\r");
            barWidth = 0;
        }
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "  -   " : String.format(Locale.ROOT, "%5.2f%%", 100 * v);
    }

    /** Metrics by name: the same order every epoch and every run (an engine's map has none of its own). */
    private static String metrics(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(m).forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s %.4g", k, v)));
        return sb.toString();
    }
}

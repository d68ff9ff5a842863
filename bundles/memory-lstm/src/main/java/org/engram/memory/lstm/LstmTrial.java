package org.engram.memory.lstm;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import org.engram.api.Checkpointable;
import org.engram.api.TrialContext;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Window;
import org.engram.numerics.optim.Optimizer;

/**
 * One trial's gated memory: an LSTM per layer of the task, fed one step per request with the current sample
 * s = [x_N; y_N; z_N] (the window's last row only). While learning is on, the task's exact signal ξ* is the
 * target of one truncated-BPTT gradient and one optimizer step per request. The task does not say the input
 * size or the number of classes, so each layer's LSTM is made at its first request; nothing is allocated
 * after that.
 *
 * <p>A checkpoint holds, per layer, whether its LSTM exists yet and then its input size, parameters, state and
 * stored steps (see {@link Lstm#writeState}) and its optimizer's state, plus the target's running mean square
 * and count, and whether learning is on. The initial weights come from the trial's seed, so a layer whose
 * LSTM did not exist yet is made at its first request exactly as it would have been.
 */
final class LstmTrial implements Memory, Checkpointable {
    private static final String TAG = "lstm memory";
    /** Samples over which the running mean square of the target settles (then an exponential average). */
    private static final int NORMALISATION_SAMPLES = 1000;

    private final MemoryTask task;
    private final LstmSettings settings;
    private final TrialContext context;
    private final Lstm[] networks;
    private final Optimizer[] optimizers;
    private final double[][] sample;
    private final double[][] target;
    private final double[][] error;
    private final double[] meanSquare;
    private final long[] targets;
    private final String[] errorMetric;
    private final String[] targetMetric;
    private boolean learning = true;

    LstmTrial(MemoryTask task, LstmSettings settings, TrialContext context) {
        this.task = task;
        this.settings = settings;
        this.context = context;
        int layers = task.layers();
        this.networks = new Lstm[layers];
        this.optimizers = new Optimizer[layers];
        this.sample = new double[layers][];
        this.target = new double[layers][];
        this.error = new double[layers][];
        this.meanSquare = new double[layers];
        this.targets = new long[layers];
        this.errorMetric = new String[layers];
        this.targetMetric = new String[layers];
        for (int l = 0; l < layers; l++) {
            int d = task.signalSize(l);
            target[l] = new double[d];
            error[l] = new double[d];
            errorMetric[l] = "memory_error/" + l;
            targetMetric[l] = "memory_target/" + l;
        }
    }

    @Override
    public void signal(int layer, Window window, double[] activity, double[] out) {
        int d = task.signalSize(layer);
        int n = window.length();
        if (activity.length < n * d) {
            throw new IllegalArgumentException("activity of layer " + layer + " has " + activity.length
                    + " entries, expected " + n + " rows of " + d);
        }
        if (learning && n < task.windowLength()) {
            throw new IllegalArgumentException("the window holds " + n + " samples but the task needs " + task.windowLength());
        }
        Lstm lstm = network(layer, window, d);
        double[] s = sample[layer];
        int inputSize = window.inputSize();
        int classes = window.classes();
        int last = n - 1;
        System.arraycopy(window.inputs(), last * inputSize, s, 0, inputSize);
        System.arraycopy(window.targets(), last * classes, s, inputSize, classes);
        System.arraycopy(activity, last * d, s, inputSize + classes, d);
        lstm.step(s);
        double[] y = lstm.output();
        double scale = scale(layer);
        if (learning) {
            double[] t = target[layer];
            task.exactSignal(layer, window, activity, t);
            double power = 0.0;
            for (int k = 0; k < d; k++) {
                power += t[k] * t[k];
            }
            if (settings.normalizeTarget()) {
                targets[layer]++;
                meanSquare[layer] += (power / d - meanSquare[layer]) / Math.min(targets[layer], NORMALISATION_SAMPLES);
                scale = scale(layer);
            }
            double ownError = 0.0;
            for (int k = 0; k < d; k++) {
                double e = scale * y[k] - t[k];
                ownError += e * e;
            }
            context.report(errorMetric[layer], ownError / d);
            context.report(targetMetric[layer], power / d);
            double[] dy = error[layer];
            for (int k = 0; k < d; k++) {
                dy[k] = y[k] - t[k] / scale;
            }
            lstm.gradient(dy);
            optimizers[layer].step(lstm.parameters(), lstm.gradientArray());
        }
        boolean teacherForcing = learning && settings.teacherForced();
        for (int k = 0; k < d; k++) {
            out[k] = teacherForcing ? target[layer][k] : scale * y[k];
        }
    }

    /** The factor between the LSTM's output and the signal: the target's running RMS, or 1. */
    private double scale(int layer) {
        return settings.normalizeTarget() && meanSquare[layer] > 0.0 ? Math.sqrt(meanSquare[layer]) : 1.0;
    }

    /** The layer's LSTM, made at the first request, when the input size is known. */
    private Lstm network(int layer, Window window, int d) {
        int inputs = window.inputSize() + window.classes() + d;
        Lstm lstm = networks[layer];
        if (lstm == null) {
            lstm = create(layer, inputs, d);
        } else if (lstm.inputs() != inputs) {
            throw new IllegalArgumentException("the memory of layer " + layer + " has " + lstm.inputs()
                    + " inputs, now given " + inputs);
        }
        return lstm;
    }

    private Lstm create(int layer, int inputs, int d) {
        int truncation = settings.truncation() > 0 ? settings.truncation() : task.windowLength();
        Lstm lstm = new Lstm(inputs, settings.hiddenUnitsFor(inputs, d), d, truncation, context.backend(),
                context.random("memory/lstm/" + layer));
        networks[layer] = lstm;
        // the trial's backend: a view on several threads splits the update over them (the same results)
        optimizers[layer] = settings.optimizer().create(lstm.parameters().length, context.backend());
        sample[layer] = new double[inputs];
        return lstm;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeUTF(TAG);
        out.writeInt(networks.length);
        out.writeBoolean(learning);
        for (int l = 0; l < networks.length; l++) {
            out.writeLong(Double.doubleToRawLongBits(meanSquare[l]));
            out.writeLong(targets[l]);
            out.writeBoolean(networks[l] != null);
            if (networks[l] != null) {
                out.writeInt(networks[l].inputs());
                networks[l].writeState(out);
                optimizers[l].writeState(out);
            }
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        String tag = in.readUTF();
        if (!tag.equals(TAG)) {
            throw new IOException("expected the state of an " + TAG + ", found that of " + tag);
        }
        int layers = in.readInt();
        if (layers != networks.length) {
            throw new IOException("the state is of " + layers + " layers' LSTMs, this task has " + networks.length);
        }
        learning = in.readBoolean();
        for (int l = 0; l < layers; l++) {
            meanSquare[l] = in.readDouble();
            targets[l] = in.readLong();
            if (!in.readBoolean()) {
                continue;
            }
            int inputs = in.readInt();
            Lstm lstm = networks[l] != null ? networks[l] : create(l, inputs, task.signalSize(l));
            try {
                lstm.readState(in);
                optimizers[l].readState(in);
            } catch (EOFException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException("the LSTM of layer " + l + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void setLearning(boolean learning) {
        this.learning = learning;
    }

    /** The LSTM of one layer, null before its first request; for tests. */
    Lstm network(int layer) {
        return networks[layer];
    }
}

package org.engram.memory.reservoir;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.engram.api.Checkpointable;
import org.engram.api.TrialContext;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Window;

/**
 * One trial's reservoir memory: a reservoir per layer of the task. Each request feeds the current sample
 * s = [x_N; y_N; z_N] (only the window's last row: the past must come from the reservoir's own state), runs
 * T_s Euler steps and returns the readout. While learning is on the task's exact signal ξ* is computed once
 * per request and the readout trains towards it at every step; during the first {@code pretrainSamples}
 * samples the request returns ξ* itself (teacher forcing) while the readout trains.
 *
 * <p>The task does not say the input size or the number of classes, so each reservoir's W_in and input
 * buffer are made at its first request; nothing is allocated after that.
 *
 * <p>A checkpoint holds each reservoir's changing state (see {@link Reservoir#writeState}), each layer's count
 * of samples learned and last stream position (the pre-training phase and its count go on across a resume),
 * and whether learning is on.
 */
final class ReservoirTrial implements Memory, Checkpointable {
    private static final String TAG = "reservoir memory";
    private final MemoryTask task;
    private final ReservoirSettings settings;
    private final TrialContext context;
    private final Reservoir[] reservoirs;
    /** Per layer, [inputs] the concatenated current sample s. */
    private final double[][] sample;
    private final double[][] target;
    private final double[][] mean;
    private final long[] samplesLearned;
    private final long[] lastStep;
    private final String[] errorMetric;
    private final String[] targetMetric;
    private boolean learning = true;

    ReservoirTrial(MemoryTask task, ReservoirSettings settings, TrialContext context) {
        this.task = task;
        this.settings = settings;
        this.context = context;
        int layers = task.layers();
        this.reservoirs = new Reservoir[layers];
        this.sample = new double[layers][];
        this.target = new double[layers][];
        this.mean = new double[layers][];
        this.samplesLearned = new long[layers];
        this.lastStep = new long[layers];
        this.errorMetric = new String[layers];
        this.targetMetric = new String[layers];
        for (int l = 0; l < layers; l++) {
            int d = task.signalSize(l);
            reservoirs[l] = new Reservoir(settings, d, context.backend(), context.random("memory/reservoir/" + l));
            target[l] = new double[d];
            mean[l] = new double[d];
            lastStep[l] = Long.MIN_VALUE;
            errorMetric[l] = "memory_error/" + l;
            targetMetric[l] = "memory_target/" + l;
        }
    }

    @Override
    public void signal(int layer, Window window, double[] activity, double[] out) {
        Reservoir reservoir = reservoirs[layer];
        int d = reservoir.outputs();
        int n = window.length();
        if (activity.length < n * d) {
            throw new IllegalArgumentException("activity of layer " + layer + " has " + activity.length
                    + " entries, expected " + n + " rows of " + d);
        }
        if (learning && n < task.windowLength()) {
            throw new IllegalArgumentException("the window holds " + n + " samples but the task needs " + task.windowLength());
        }
        double[] s = currentSample(layer, window, activity, d);
        reservoir.present(s);
        double[] teacher = null;
        if (learning) {
            teacher = target[layer];
            task.exactSignal(layer, window, activity, teacher);
            if (window.step() != lastStep[layer]) {
                lastStep[layer] = window.step();
                samplesLearned[layer]++;
            }
        }
        int steps = settings.steps();
        int firstAveraged = steps - settings.averageSteps();
        double[] sum = mean[layer];
        Arrays.fill(sum, 0.0);
        for (int t = 0; t < steps; t++) {
            reservoir.step(teacher);
            if (t >= firstAveraged) {
                double[] o = reservoir.output();
                for (int k = 0; k < d; k++) {
                    sum[k] += o[k];
                }
            }
        }
        double scale = 1.0 / settings.averageSteps();
        for (int k = 0; k < d; k++) {
            sum[k] *= scale;
        }
        boolean ridge = settings.readout() == Readout.RIDGE;
        if (teacher != null && ridge) {
            reservoir.collect(teacher);
        } else if (teacher != null) {
            report(layer, sum, teacher, d);
        }
        // RIDGE has no readout of its own until it is frozen: while it learns it answers ξ*
        boolean teacherForcing = teacher != null && (ridge || samplesLearned[layer] <= settings.pretrainSamples());
        System.arraycopy(teacherForcing ? teacher : sum, 0, out, 0, d);
    }

    /** Copies [x_N; y_N; z_N], the window's last row of inputs, one-hot targets and activity, into s. */
    private double[] currentSample(int layer, Window window, double[] activity, int d) {
        int inputSize = window.inputSize();
        int classes = window.classes();
        int size = inputSize + classes + d;
        reservoirs[layer].ensureInput(size);
        double[] s = sample[layer];
        if (s == null) {
            s = new double[size];
            sample[layer] = s;
        }
        int last = window.length() - 1;
        System.arraycopy(window.inputs(), last * inputSize, s, 0, inputSize);
        System.arraycopy(window.targets(), last * classes, s, inputSize, classes);
        System.arraycopy(activity, last * d, s, inputSize + classes, d);
        return s;
    }

    /** The readout's own squared error and the target's power per unit, for the epoch means. */
    private void report(int layer, double[] own, double[] teacher, int d) {
        double error = 0.0;
        double power = 0.0;
        for (int k = 0; k < d; k++) {
            double e = own[k] - teacher[k];
            error += e * e;
            power += teacher[k] * teacher[k];
        }
        context.report(errorMetric[layer], error / d);
        context.report(targetMetric[layer], power / d);
    }

    @Override
    public void setLearning(boolean learning) {
        if (this.learning && !learning && settings.readout() == Readout.RIDGE) {
            for (Reservoir r : reservoirs) {
                r.solve();
            }
        }
        this.learning = learning;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeUTF(TAG);
        out.writeInt(reservoirs.length);
        out.writeBoolean(learning);
        for (int l = 0; l < reservoirs.length; l++) {
            out.writeLong(samplesLearned[l]);
            out.writeLong(lastStep[l]);
            reservoirs[l].writeState(out);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        String tag = in.readUTF();
        if (!tag.equals(TAG)) {
            throw new IOException("expected the state of a " + TAG + ", found that of " + tag);
        }
        int layers = in.readInt();
        if (layers != reservoirs.length) {
            throw new IOException("the state is of " + layers + " layers' reservoirs, this task has " + reservoirs.length);
        }
        learning = in.readBoolean();
        for (int l = 0; l < layers; l++) {
            samplesLearned[l] = in.readLong();
            lastStep[l] = in.readLong();
            try {
                reservoirs[l].readState(in);
            } catch (java.io.EOFException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException("the reservoir of layer " + l + ": " + e.getMessage(), e);
            }
            if (reservoirs[l].inputs() > 0 && sample[l] == null) {
                sample[l] = new double[reservoirs[l].inputs()];
            }
        }
    }

    /** The reservoir of one layer, for tests and the experiment driver. */
    Reservoir reservoir(int layer) {
        return reservoirs[layer];
    }
}

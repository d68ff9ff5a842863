package org.engram.memory.reservoir;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.compute.ResidentMatrix;
import org.engram.numerics.state.StateIo;

/**
 * One echo-state reservoir with a trained linear readout (spec §3.1–§3.3). Each {@link #step} is one
 * Euler step of Δt, in the spec's order:
 *
 * <pre>
 *   r = tanh(u) + ε_h,   o = W_out r + ε_o,
 *   u ← u + (Δt/τ)(−u + λ W_rec r + W_in s + W_fb o)
 * </pre>
 *
 * then, given a target, one readout update from that step's r and o. The input s is set by
 * {@link #present} and held until the next one, so W_in s is computed once per sample. The state u starts
 * at 0 and is never reset. W_rec r, N_h² multiply-adds if dense, is the largest product of a step.
 *
 * <p>The fixed matrices W_rec, W_fb and W_in are handed to the backend once, as {@link ResidentMatrix resident
 * matrices}, at the first {@link #step} (W_rec, W_fb) and the first {@link #present} (W_in); from then on only
 * vectors cross the backend API per step, and the backend keeps each matrix in its own form (ND4J off-heap, the
 * Java backend W_rec as sparse rows). The reservoir then drops its own arrays, so a matrix is held once. Until
 * then the arrays are live, which is how tests set them. The handles are never closed: a {@code Memory} has no
 * end of life, so they go with the reservoir, and each backend frees an unreachable handle's memory itself
 * (the heap copies with the garbage collector, ND4J's native buffer through its deallocator), which is what a
 * Cleaner here would do. W_out changes every step and stays an array. Nothing is allocated after the first
 * request.
 */
final class Reservoir {
    private final ReservoirSettings settings;
    private final ComputeBackend backend;
    private final int units;
    private final int outputs;
    /** [units, units] λ-free recurrent weights, row-major; null once uploaded. */
    private double[] recurrent;
    /** [units, outputs] feedback weights; null once uploaded. */
    private double[] feedback;
    /** W_rec and W_fb as the backend holds them, from the first step on. */
    private ResidentMatrix recurrentMatrix;
    private ResidentMatrix feedbackMatrix;
    /** [outputs, units] the trained readout, zero at the start. */
    private final double[] readout;
    private final double[] state;
    private final double[] rates;
    private final double[] output;
    /** [units] λ W_rec r + W_fb o of the current step. */
    private final double[] drive;
    /** [units] W_in s, fixed while s is. */
    private final double[] inputDrive;
    /** [outputs] LMS error o − ξ*, or RMHEBB's o − ō. */
    private final double[] error;
    /** [outputs] RMHEBB's running mean ō of the readout. */
    private final double[] meanOutput;
    private final SplittableRandom inputRandom;
    /** Replaced at each {@link #writeState} by a generator seeded from its own draw (so a resumed run draws alike). */
    private SplittableRandom noiseRandom;
    private final double leak;
    private final double averaging;
    /** [units, inputs] input weights, drawn once the input size is known; null again once uploaded. */
    private double[] input;
    /** W_in as the backend holds it, from the first {@link #present} on. */
    private ResidentMatrix inputMatrix;
    /** 0 until W_in is drawn. */
    private int inputs;
    private double meanPerformance;
    private boolean performanceStarted;
    private long learningSteps;
    /** RIDGE: the current sample s as last {@link #present presented} (the caller's array, live). */
    private double[] presented;
    /** RIDGE: [m, m] Σ φ φᵀ (lower triangle) and [m, outputs] Σ φ ξ*ᵀ over the collected requests; made at {@link #ensureInput}. */
    private double[] gram;
    private double[] cross;
    /** RIDGE: [m] the features φ = [r; s; 1] of one request. */
    private double[] features;
    private long collected;
    /** RIDGE: [outputs, sampleFeatures + 1] the solved readout of s and the bias; [outputs] its value for the presented s. */
    private double[] sampleReadout;
    private final double[] sampleDrive;
    private boolean solved;

    /**
     * Draws W_rec (mask × N(0, 1/(0.1·N_h))) and W_fb (U(−1, 1)); W_in is drawn by {@link #ensureInput}.
     * Each matrix has its own stream split off {@code random}, so none depends on another's size.
     */
    Reservoir(ReservoirSettings settings, int outputs, ComputeBackend backend, SplittableRandom random) {
        this.settings = settings;
        this.backend = backend;
        this.units = settings.units();
        this.outputs = outputs;
        SplittableRandom recurrentRandom = random.split();
        SplittableRandom feedbackRandom = random.split();
        this.inputRandom = random.split();
        this.noiseRandom = random.split();
        this.recurrent = new double[units * units];
        double std = Math.sqrt(1.0 / (ReservoirSettings.VARIANCE_CONNECTIVITY * units));
        double p = settings.connectivity();
        for (int i = 0; i < recurrent.length; i++) {
            // the mask is drawn for every entry, so a seed gives the same pattern whatever the weights
            boolean connected = recurrentRandom.nextDouble() < p;
            double w = recurrentRandom.nextGaussian();
            recurrent[i] = connected ? std * w : 0.0;
        }
        this.feedback = uniform(units * outputs, feedbackRandom);
        this.readout = new double[outputs * units];
        this.state = new double[units];
        this.rates = new double[units];
        this.output = new double[outputs];
        this.drive = new double[units];
        this.inputDrive = new double[units];
        this.error = new double[outputs];
        this.meanOutput = new double[outputs];
        this.sampleDrive = new double[outputs];
        this.leak = settings.dt() / settings.tau();
        this.averaging = settings.dt() / settings.averagingTime();
    }

    private static double[] uniform(int size, SplittableRandom random) {
        double[] w = new double[size];
        for (int i = 0; i < size; i++) {
            w[i] = random.nextDouble(-1.0, 1.0);
        }
        return w;
    }

    /** Draws W_in ~ U(−1, 1) on first use; afterwards only checks the size, which must not change. */
    void ensureInput(int size) {
        if (inputs == 0) {
            if (size <= 0) {
                throw new IllegalArgumentException("the reservoir's input must have at least one entry, given " + size);
            }
            inputs = size;
            input = uniform(units * size, inputRandom);
            double a = settings.inputScaling();
            for (int i = 0; i < input.length; i++) {
                input[i] *= a;
            }
            if (settings.readout() == Readout.RIDGE) {
                int m = features();
                gram = new double[m * m];
                cross = new double[m * outputs];
                features = new double[m];
                sampleReadout = new double[outputs * (sampleFeatures() + 1)];
            }
        } else if (size != inputs) {
            throw new IllegalArgumentException("the reservoir's input has " + inputs + " entries, now given " + size);
        }
    }

    /** Sets the input s held for the coming steps: computes W_in s once. @param s [inputs] */
    void present(double[] s) {
        if (inputMatrix == null) {
            inputMatrix = backend.upload(input, 0, units, inputs);
            input = null;
        }
        backend.gemv(false, 1.0, inputMatrix, s, 0, 0.0, inputDrive, 0);
        if (settings.readout() == Readout.RIDGE) {
            presented = s;
            if (solved) {
                int width = sampleFeatures() + 1;
                for (int k = 0; k < outputs; k++) {
                    double sum = sampleReadout[k * width + width - 1];
                    for (int j = 0; j < width - 1; j++) {
                        sum += sampleReadout[k * width + j] * s[j];
                    }
                    sampleDrive[k] = sum;
                }
            }
        }
    }

    /** RIDGE: the number of features m = units + the sample's entries if read + 1. */
    private int features() {
        return units + sampleFeatures() + 1;
    }

    private int sampleFeatures() {
        return settings.readoutSample() ? inputs : 0;
    }

    /**
     * RIDGE, after a request's last step: accumulates φ = [r; s; 1] of that step with its target (m²/2 + m·outputs
     * multiply-adds).
     *
     * @param target [outputs] ξ*
     */
    void collect(double[] target) {
        int m = features();
        System.arraycopy(rates, 0, features, 0, units);
        if (settings.readoutSample()) {
            System.arraycopy(presented, 0, features, units, inputs);
        }
        features[m - 1] = 1.0;
        for (int i = 0; i < m; i++) {
            double fi = features[i];
            if (fi == 0.0) {
                continue;
            }
            int row = i * m;
            for (int j = 0; j <= i; j++) {
                gram[row + j] += fi * features[j];
            }
            for (int k = 0; k < outputs; k++) {
                cross[i * outputs + k] += fi * target[k];
            }
        }
        collected++;
    }

    /**
     * RIDGE: solves the readout from everything collected, (Φᵀ Φ + α·tr(Φᵀ Φ)/m·I) W = Φᵀ Ξ, by Cholesky (m³/3
     * multiply-adds, once per freeze). Without a collected request the readout stays 0.
     */
    void solve() {
        if (collected == 0) {
            return;
        }
        int m = features();
        double[] a = new double[m * m];
        double trace = 0.0;
        for (int i = 0; i < m; i++) {
            trace += gram[i * m + i];
            for (int j = 0; j <= i; j++) {
                a[i * m + j] = gram[i * m + j];
                a[j * m + i] = gram[i * m + j];
            }
        }
        double penalty = settings.ridge() * trace / m;
        for (int i = 0; i < m; i++) {
            // a tiny floor keeps a never-active feature (e.g. a unit held at 0) from making the system singular
            a[i * m + i] += Math.max(penalty, 1e-12 * trace / m);
        }
        double[] w = cross.clone();
        Ridge.choleskySolve(a, w, m, outputs);
        int width = sampleFeatures() + 1;
        for (int k = 0; k < outputs; k++) {
            for (int i = 0; i < units; i++) {
                readout[k * units + i] = w[i * outputs + k];
            }
            for (int j = 0; j < width; j++) {
                sampleReadout[k * width + j] = w[(units + j) * outputs + k];
            }
        }
        solved = true;
    }

    /**
     * One Euler step, then (if {@code target} is not null) one readout update towards it.
     *
     * @param target [outputs] ξ*, or null to leave the readout alone
     */
    void step(double[] target) {
        if (recurrentMatrix == null) {
            uploadFixedWeights();
        }
        double aH = settings.hiddenNoise();
        for (int i = 0; i < units; i++) {
            double r = Math.tanh(state[i]);
            rates[i] = aH > 0.0 ? r + noiseRandom.nextDouble(-aH, aH) : r;
        }
        backend.gemv(false, outputs, units, 1.0, readout, 0, rates, 0, 0.0, output, 0);
        if (settings.readout() == Readout.RIDGE) {
            // teacher forcing while learning: the feedback carries ξ*; frozen, the solved readout of [r; s; 1]
            for (int k = 0; k < outputs; k++) {
                output[k] = target != null ? target[k] : solved ? output[k] + sampleDrive[k] : output[k];
            }
        }
        double aO = settings.outputNoise();
        if (aO > 0.0) {
            for (int k = 0; k < outputs; k++) {
                output[k] += noiseRandom.nextDouble(-aO, aO);
            }
        }
        backend.gemv(false, settings.gain(), recurrentMatrix, rates, 0, 0.0, drive, 0);
        backend.gemv(false, 1.0, feedbackMatrix, output, 0, 1.0, drive, 0);
        for (int i = 0; i < units; i++) {
            state[i] += leak * (-state[i] + drive[i] + inputDrive[i]);
        }
        if (target != null) {
            if (settings.readout() == Readout.LMS) {
                lms(target);
            } else if (settings.readout() == Readout.RMHEBB) {
                rewardModulatedHebbian(target);
            }
            learningSteps++;
        }
    }

    /** Hands W_rec and W_fb to the backend, once, and drops the arrays. */
    private void uploadFixedWeights() {
        recurrentMatrix = backend.upload(recurrent, 0, units, units);
        feedbackMatrix = backend.upload(feedback, 0, units, outputs);
        recurrent = null;
        feedback = null;
    }

    /** W_out ← W_out − η_r (o − ξ*) rᵀ. */
    private void lms(double[] target) {
        for (int k = 0; k < outputs; k++) {
            error[k] = output[k] - target[k];
        }
        backend.ger(outputs, units, -settings.readoutRate(), error, 0, rates, 0, readout, 0);
    }

    /**
     * P = −‖o − ξ*‖², P̄ and ō low-passed with Δt/τ_avg (updated first), M = [P > P̄],
     * W_out ← W_out + η(t)·M·(o − ō) rᵀ with η(t) = η0/(1 + t/T_d), t the readout's learning time so far.
     */
    private void rewardModulatedHebbian(double[] target) {
        double performance = 0.0;
        for (int k = 0; k < outputs; k++) {
            double e = output[k] - target[k];
            performance -= e * e;
        }
        if (!performanceStarted) {
            // start the running means at the first observation rather than at an arbitrary 0
            meanPerformance = performance;
            System.arraycopy(output, 0, meanOutput, 0, outputs);
            performanceStarted = true;
            return;
        }
        meanPerformance += averaging * (performance - meanPerformance);
        for (int k = 0; k < outputs; k++) {
            meanOutput[k] += averaging * (output[k] - meanOutput[k]);
            error[k] = output[k] - meanOutput[k];
        }
        if (performance > meanPerformance) {
            double time = learningSteps * settings.dt();
            double rate = settings.hebbianRate() / (1.0 + time / settings.decayTime());
            backend.ger(outputs, units, rate, error, 0, rates, 0, readout, 0);
        }
    }

    /**
     * What the steps change: W_out, the state u, RMHEBB's running means and learning time, the noise generator
     * (reseeded here), and the input size (W_in is redrawn from its own stream, which nothing else draws from).
     * W_rec and W_fb are redrawn from the seed when the reservoir is made (and uploaded at its first step, so
     * a restored reservoir's resident copies are made from the redrawn matrices).
     */
    void writeState(DataOutput out) throws IOException {
        out.writeInt(units);
        out.writeInt(outputs);
        out.writeInt(inputs);
        StateIo.writeDoubles(out, readout);
        StateIo.writeDoubles(out, state);
        StateIo.writeDoubles(out, meanOutput);
        StateIo.writeDouble(out, meanPerformance);
        out.writeBoolean(performanceStarted);
        out.writeLong(learningSteps);
        if (settings.readout() == Readout.RIDGE) {
            // only a RIDGE reservoir writes these, so the state of the other readouts is as before
            out.writeBoolean(gram != null);
            if (gram != null) {
                StateIo.writeDoubles(out, gram);
                StateIo.writeDoubles(out, cross);
                StateIo.writeDoubles(out, sampleReadout);
            }
            out.writeLong(collected);
            out.writeBoolean(solved);
        }
        noiseRandom = StateIo.reseed(noiseRandom, out);
    }

    /** Restores what {@link #writeState} wrote, into a reservoir made for the same trial and layer. */
    void readState(DataInput in) throws IOException {
        int savedUnits = in.readInt();
        int savedOutputs = in.readInt();
        if (savedUnits != units || savedOutputs != outputs) {
            throw new IOException("the state is of a reservoir of " + savedUnits + " units and " + savedOutputs
                    + " outputs, this one has " + units + " and " + outputs);
        }
        int savedInputs = in.readInt();
        if (savedInputs > 0) {
            ensureInput(savedInputs);
        }
        StateIo.readDoubles(in, readout, "the readout weights");
        StateIo.readDoubles(in, state, "the hidden state");
        StateIo.readDoubles(in, meanOutput, "the running mean of the readout");
        meanPerformance = in.readDouble();
        performanceStarted = in.readBoolean();
        learningSteps = in.readLong();
        if (settings.readout() == Readout.RIDGE) {
            if (in.readBoolean()) {
                if (gram == null) {
                    throw new IOException("the state holds the RIDGE statistics of a reservoir with input, this one has none");
                }
                StateIo.readDoubles(in, gram, "the RIDGE readout's Gram matrix");
                StateIo.readDoubles(in, cross, "the RIDGE readout's cross products");
                StateIo.readDoubles(in, sampleReadout, "the RIDGE readout of the sample");
            }
            collected = in.readLong();
            solved = in.readBoolean();
        }
        noiseRandom = StateIo.readGenerator(in);
    }

    int units() {
        return units;
    }

    int outputs() {
        return outputs;
    }

    int inputs() {
        return inputs;
    }

    /** [outputs] the last step's readout o, live. */
    double[] output() {
        return output;
    }

    /** [units] the last step's rates r = tanh(u) + ε_h, live. */
    double[] rates() {
        return rates;
    }

    /** [units] the hidden state u, live (tests set it). */
    double[] state() {
        return state;
    }

    /** [units, units] W_rec without λ, live until the first step uploads it; null from then on. */
    double[] recurrentWeights() {
        return recurrent;
    }

    /** [units, inputs] W_in, live from {@link #ensureInput} until the first {@link #present}; null otherwise. */
    double[] inputWeights() {
        return input;
    }

    /** [units, outputs] W_fb, live until the first step uploads it; null from then on. */
    double[] feedbackWeights() {
        return feedback;
    }

    /** [outputs, units] W_out, live. */
    double[] readoutWeights() {
        return readout;
    }

    /** RIDGE: requests collected for the readout. */
    long collected() {
        return collected;
    }

    /** Steps in which the readout learned. */
    long learningSteps() {
        return learningSteps;
    }

    /** Number of nonzero recurrent weights; before the first step only. */
    long recurrentConnections() {
        return Arrays.stream(recurrent).filter(w -> w != 0.0).count();
    }
}

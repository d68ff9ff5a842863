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
 * <p>W_rec goes to the backend once, as a {@link ResidentMatrix resident matrix}, at the first {@link #step}
 * (the Java backend holds it as sparse rows, ND4J off-heap), and the reservoir drops its own array. The other
 * products are per-step work on vectors of N_h and d entries, done here as fused loops over the matrices stored
 * by column (W_out as N_h rows of d, W_fb and W_in as rows of N_h): every such loop is an axpy that C2
 * vectorises, each output entry still sums its terms in the order the row-by-row dot product of the backend's
 * {@code gemv} does, so the results are those of the backend path bit for bit. The readout update of a step is
 * applied in the next step's pass over W_out, which then also forms that step's o (one pass over W_out a step
 * instead of two); {@link #readoutWeights}, {@link #writeState} and {@link #solve} apply a pending update first.
 * Until the first step (W_rec, W_fb) and the first {@link #present} (W_in) the matrices are live arrays in row
 * form, which is how tests set them. The W_rec handle is never closed: a {@code Memory} has no end of life, so
 * it goes with the reservoir, and each backend frees an unreachable handle's memory itself. Nothing is allocated
 * after the first request.
 */
final class Reservoir {
    private final ReservoirSettings settings;
    private final ComputeBackend backend;
    private final int units;
    private final int outputs;
    /** [units, units] λ-free recurrent weights, row-major; null once uploaded. */
    private double[] recurrent;
    /** [units, outputs] feedback weights; null from the first step on, when {@link #feedbackColumns} replaces it. */
    private double[] feedback;
    /** W_rec as the backend holds it, from the first step on. */
    private ResidentMatrix recurrentMatrix;
    /**
     * [outputs][units] W_fb by column, from the first step on. Rows of their own (not one array at offsets k·N_h)
     * because C2 (JDK 17) vectorises a loop only when its arrays share one index.
     */
    private double[][] feedbackColumns;
    /** [units][outputs] the trained readout W_out by column (row i: unit i's weights to every output), zero at the start. */
    private final double[][] readout;
    private final double[] state;
    /** [units] this step's r; {@link #previousRates} holds the last step's, which a pending readout update needs. */
    private double[] rates;
    private double[] previousRates;
    /** Whether the readout update ΔW_out[k][i] = pendingScale[k]·r_prev[i] of the last step is still to be applied. */
    private boolean pending;
    /** [outputs] η-scaled error of the pending update (the {@code alpha·x[k]} of a ger). */
    private final double[] pendingScale;
    /** [units] the sum W_fb o of the current step. */
    private final double[] feedbackDrive;
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
    /** [units, inputs] input weights, drawn once the input size is known; null again from the first {@link #present} on. */
    private double[] input;
    /** [inputs][units] W_in by column, from the first {@link #present} on. */
    private double[][] inputColumns;
    /** [inputs] the indices of the presented sample's nonzero entries, the only columns W_in s adds. */
    private int[] nonzeroInputs;
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
        this.readout = new double[units][outputs];
        this.state = new double[units];
        this.rates = new double[units];
        this.previousRates = new double[units];
        this.pendingScale = new double[outputs];
        this.feedbackDrive = new double[units];
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
            nonzeroInputs = new int[size];
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
        if (inputColumns == null) {
            inputColumns = columns(input, units, inputs);
            input = null;
        }
        inputDrive(s);
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
        flushReadout();
        for (int k = 0; k < outputs; k++) {
            for (int i = 0; i < units; i++) {
                readout[i][k] = w[i * outputs + k];
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
        double[] last = rates;
        rates = previousRates;
        previousRates = last;
        double aH = settings.hiddenNoise();
        for (int i = 0; i < units; i++) {
            double r = Math.tanh(state[i]);
            rates[i] = aH > 0.0 ? r + noiseRandom.nextDouble(-aH, aH) : r;
        }
        readoutPass();
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
        feedback();
        double[] u = state;
        double[] recurrentDrive = drive;
        double[] fb = feedbackDrive;
        double[] in = inputDrive;
        double h = leak;
        for (int i = 0; i < units; i++) {
            // (W_fb o) + λ W_rec r, the sum the backend's gemv with beta = 1 forms
            u[i] += h * (-u[i] + (fb[i] + recurrentDrive[i]) + in[i]);
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

    /**
     * o = W_out r, with the last step's pending update W_out += pendingScale ⊗ r_prev applied in the same pass.
     * Each o[k] sums its terms in unit order from 0, as a dot product of row k would; two units a pass keep o[k]
     * in a register between them.
     */
    private void readoutPass() {
        double[] o = output;
        double[] r = rates;
        double[][] w = readout;
        int d = outputs;
        Arrays.fill(o, 0.0);
        int i = 0;
        if (pending) {
            double[] p = previousRates;
            double[] scale = pendingScale;
            for (; i + 1 < units; i += 2) {
                double[] w0 = w[i];
                double[] w1 = w[i + 1];
                double p0 = p[i];
                double p1 = p[i + 1];
                double r0 = r[i];
                double r1 = r[i + 1];
                for (int k = 0; k < d; k++) {
                    double v0 = w0[k] + scale[k] * p0;
                    double v1 = w1[k] + scale[k] * p1;
                    w0[k] = v0;
                    w1[k] = v1;
                    o[k] = o[k] + v0 * r0 + v1 * r1;
                }
            }
            for (; i < units; i++) {
                double[] w0 = w[i];
                double p0 = p[i];
                double r0 = r[i];
                for (int k = 0; k < d; k++) {
                    double v0 = w0[k] + scale[k] * p0;
                    w0[k] = v0;
                    o[k] += v0 * r0;
                }
            }
            pending = false;
            return;
        }
        for (; i + 1 < units; i += 2) {
            double[] w0 = w[i];
            double[] w1 = w[i + 1];
            double r0 = r[i];
            double r1 = r[i + 1];
            for (int k = 0; k < d; k++) {
                o[k] = o[k] + w0[k] * r0 + w1[k] * r1;
            }
        }
        for (; i < units; i++) {
            double[] w0 = w[i];
            double r0 = r[i];
            for (int k = 0; k < d; k++) {
                o[k] += w0[k] * r0;
            }
        }
    }

    /** Applies a pending readout update on its own, for anything that reads or replaces W_out between steps. */
    private void flushReadout() {
        if (!pending) {
            return;
        }
        // between steps the rates of the step that posted the update are still the current ones
        double[] p = rates;
        for (int i = 0; i < units; i++) {
            double[] w0 = readout[i];
            double p0 = p[i];
            for (int k = 0; k < outputs; k++) {
                w0[k] += pendingScale[k] * p0;
            }
        }
        pending = false;
    }

    /** feedbackDrive = W_fb o, each entry summed in output order from 0; four outputs a pass over N_h. */
    private void feedback() {
        double[] fb = feedbackDrive;
        double[][] c = feedbackColumns;
        double[] o = output;
        Arrays.fill(fb, 0.0);
        int k = 0;
        for (; k + 3 < outputs; k += 4) {
            double[] c0 = c[k];
            double[] c1 = c[k + 1];
            double[] c2 = c[k + 2];
            double[] c3 = c[k + 3];
            double o0 = o[k];
            double o1 = o[k + 1];
            double o2 = o[k + 2];
            double o3 = o[k + 3];
            for (int i = 0; i < units; i++) {
                fb[i] = fb[i] + c0[i] * o0 + c1[i] * o1 + c2[i] * o2 + c3[i] * o3;
            }
        }
        for (; k < outputs; k++) {
            double[] c0 = c[k];
            double o0 = o[k];
            for (int i = 0; i < units; i++) {
                fb[i] += c0[i] * o0;
            }
        }
    }

    /** inputDrive = W_in s, each entry summed in input order from 0 over s's nonzero entries (a zero term adds ±0, which leaves such a sum as it is). */
    private void inputDrive(double[] s) {
        int[] nonzero = nonzeroInputs;
        int count = 0;
        for (int j = 0; j < inputs; j++) {
            if (s[j] != 0.0) {
                nonzero[count++] = j;
            }
        }
        double[] y = inputDrive;
        double[][] c = inputColumns;
        Arrays.fill(y, 0.0);
        int n = 0;
        for (; n + 3 < count; n += 4) {
            int j0 = nonzero[n];
            int j1 = nonzero[n + 1];
            int j2 = nonzero[n + 2];
            int j3 = nonzero[n + 3];
            double[] c0 = c[j0];
            double[] c1 = c[j1];
            double[] c2 = c[j2];
            double[] c3 = c[j3];
            double s0 = s[j0];
            double s1 = s[j1];
            double s2 = s[j2];
            double s3 = s[j3];
            for (int i = 0; i < units; i++) {
                y[i] = y[i] + c0[i] * s0 + c1[i] * s1 + c2[i] * s2 + c3[i] * s3;
            }
        }
        for (; n < count; n++) {
            int j0 = nonzero[n];
            double[] c0 = c[j0];
            double s0 = s[j0];
            for (int i = 0; i < units; i++) {
                y[i] += c0[i] * s0;
            }
        }
    }

    /** [columns][rows] the columns of a [rows, columns] row-major matrix, each its own array. */
    private static double[][] columns(double[] a, int rows, int columns) {
        double[][] t = new double[columns][rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                t[j][i] = a[i * columns + j];
            }
        }
        return t;
    }

    /** Hands W_rec to the backend and turns W_fb into columns, once, and drops the arrays. */
    private void uploadFixedWeights() {
        recurrentMatrix = backend.upload(recurrent, 0, units, units);
        feedbackColumns = columns(feedback, units, outputs);
        recurrent = null;
        feedback = null;
    }

    /** W_out ← W_out − η_r (o − ξ*) rᵀ, applied by the next step's readout pass. */
    private void lms(double[] target) {
        double rate = -settings.readoutRate();
        for (int k = 0; k < outputs; k++) {
            error[k] = output[k] - target[k];
        }
        postUpdate(rate);
    }

    /** Marks the update W_out += rate·error rᵀ of this step as pending; the scale is the ger's {@code alpha·x[k]}. */
    private void postUpdate(double rate) {
        if (rate == 0) {
            return;
        }
        for (int k = 0; k < outputs; k++) {
            pendingScale[k] = rate * error[k];
        }
        pending = true;
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
            postUpdate(rate);
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
        StateIo.writeDoubles(out, readoutWeights());
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
        double[] byRow = new double[outputs * units];
        StateIo.readDoubles(in, byRow, "the readout weights");
        setReadoutWeights(byRow);
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

    /** [outputs, units] a copy of W_out, row-major (as checkpoints hold it), with any pending update applied. */
    double[] readoutWeights() {
        flushReadout();
        double[] byRow = new double[outputs * units];
        for (int i = 0; i < units; i++) {
            for (int k = 0; k < outputs; k++) {
                byRow[k * units + i] = readout[i][k];
            }
        }
        return byRow;
    }

    /** Sets W_out from [outputs, units] row-major weights (a checkpoint's, or a test's). */
    void setReadoutWeights(double[] byRow) {
        pending = false;
        for (int i = 0; i < units; i++) {
            for (int k = 0; k < outputs; k++) {
                readout[i][k] = byRow[k * units + i];
            }
        }
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

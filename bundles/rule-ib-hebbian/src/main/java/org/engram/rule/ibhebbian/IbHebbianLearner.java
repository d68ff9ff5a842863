package org.engram.rule.ibhebbian;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.engram.api.Checkpointable;
import org.engram.api.TrialContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.rule.Learner;
import org.engram.numerics.hsic.Hsic;
import org.engram.numerics.hsic.Kernels;
import org.engram.numerics.hsic.Modulator;
import org.engram.numerics.hsic.ModulatorVariant;
import org.engram.numerics.hsic.WindowKernels;
import org.engram.numerics.optim.LayerOptimizers;
import org.engram.numerics.optim.ScheduledLearningRate;
import org.engram.numerics.optim.Optimizer;

/**
 * One trial of the IB-Hebbian rule. Per window and per time step of the sample's presentation:
 * <ol>
 * <li>forward the window (RECOMPUTE) or only the current sample (STORED, past rows kept from when
 * they were current);</li>
 * <li>each hidden layer l: ξ_l from working memory, δ = (∂z/∂h)ᵀ ξ_l through the layer's own
 * neurons at the current row, {@code grad_W = δ ⊗ input_current}, {@code grad_b = δ};</li>
 * <li>output layer: {@code dz_j = (softmax(z_j) − y_j)/N} for every row j, through the output neurons'
 * VJP, summed over the window (spec §2.7);</li>
 * <li>one optimizer step per parameter array: after every time step ({@link UpdateSchedule#EVERY_STEP}), or once
 * per sample with the mean gradient of its readout steps, the last {@code readoutSteps} of the output layer
 * ({@link UpdateSchedule#PER_SAMPLE}, the default; with one step per sample the two are the same).</li>
 * </ol>
 * With units presented several time steps (leaky, spiking) each presentation starts from the rest state by default, as
 * in evaluation ({@code fromRest}); the authors' toy carries the state from sample to sample instead.
 * Layers never pass gradients to each other. A hidden layer without weights (pooling) is passed through: it
 * gets no ξ, and a conv layer's ξ and kernels use its activity before the pooling above it (spec Q4, as the
 * release code). Any connectivity works: the weight gradient is the connection's for (δ, the current input),
 * applied without forming it when the connection is a dense matrix ({@code δ ⊗ x}). Also the rule's
 * {@link MemoryTask}: the exact signal of trained hidden layer k is ξ in the configured variant. All buffers are allocated here; {@link #learn} allocates nothing.
 *
 * <p>Checkpoints hold the optimizers' state only. STORED's kept rows, their output deltas and the slid K_z
 * describe the current window, and a window never continues across an epoch boundary (the engine empties it),
 * so after a restore the first window replays its past exactly as an uninterrupted epoch's first window does.
 */
final class IbHebbianLearner implements Learner, MemoryTask, Checkpointable {
    private final Network network;
    private final TrialContext context;
    private final int n;
    private final int hidden;
    /** The hidden layers that have weights, in order: memory layer k is network layer {@code trained[k]}. */
    private final int[] trained;
    private final ComputeBackend backend;
    /** Per layer, for connections that are not dense matrices: their weight and bias gradient. */
    private final double[][] weightGrad;
    private final double[][] biasGrad;
    private final double gamma;
    private final double sigmaZ;
    private final ModulatorVariant variant;
    private final boolean stored;
    /** Whether the readout steps' gradients are averaged and applied once per sample (several steps per sample only). */
    private final boolean perSample;
    /** The first time step of a sample whose gradients count: the readout steps' when {@link #perSample}, else 0. */
    private final int learnFrom;
    /** Whether each presentation starts from the rest state (several steps per sample only), as evaluation does. */
    private final boolean fromRest;
    /** Per layer, when {@link #perSample}: the sums of the sample's time steps' weight and bias gradients. */
    private final double[][] weightSum;
    private final double[][] biasSum;
    /**
     * When {@link #perSample} and layer 0 is dense: its input, the sample, is the same at every step, so
     * {@code Σ_t δ_t ⊗ x = (Σ_t δ_t) ⊗ x}; the δs are summed here and the outer product is taken once, in the
     * optimizer's step, instead of once per readout step (it was half of an epoch on a LIF network). Null otherwise.
     */
    private final double[] inputLayerDeltaSum;
    /** The row of layer 0's input the sums belong to. */
    private int inputLayerRow;

    private final WindowKernels kernels;
    private final Modulator[] modulators;
    /** Per hidden layer, [N, d]: the window's activities as handed to memory, current last. */
    private final double[][] activity;
    private final double[][] signal;
    /** Per layer, [d]: the cotangent on the drive. */
    private final double[][] delta;
    /** [classes, inputSize] and [classes]: the output layer's window gradient (hidden gradients are rank one, never formed). */
    private final double[] outputWeightGrad;
    private final double[] outputBiasGrad;
    private final Optimizer[] weightOptimizers;
    private final Optimizer[] biasOptimizers;
    private final ScheduledLearningRate learningRate;
    /** [N, classes]: the output layer's drive cotangent per window row (in STORED mode kept as produced). */
    private final double[] outputDelta;
    private final double[] outputGradient;
    /** [1, inputSize]: the single row forwarded in STORED mode. */
    private final double[] inputRow;
    /**
     * Per hidden layer, [N, N]: K_z of the window for the HSIC metrics. With STORED past rows only the new
     * sample's row changes from one window to the next, so the matrix is slid like K_x instead of recomputed
     * (same entries, bit for bit: each is the kernel of the same two stored rows).
     */
    private final double[][] layerKernels;
    private boolean layerKernelsSlidable;
    private final String[] inputMetric;
    private final String[] labelMetric;
    private Memory memory;

    private Window lastWindow;
    private long lastStep;

    private IbHebbianLearner(Network network, IbHebbianSettings settings, TrialContext context) {
        this.network = network;
        this.context = context;
        this.n = settings.window();
        this.hidden = network.layerCount() - 1;
        this.backend = context.backend();
        this.trained = IntStream.range(0, hidden).filter(l -> network.layer(l).weights().length > 0).toArray();
        this.gamma = settings.gamma();
        this.sigmaZ = settings.sigmaZ();
        this.variant = settings.variant();
        this.stored = settings.pastActivity() == PastActivity.STORED;
        this.perSample = settings.update() == UpdateSchedule.PER_SAMPLE && network.stepsPerSample() > 1;
        this.fromRest = settings.fromRest() && network.stepsPerSample() > 1;
        // the steps evaluation reads the output from (as the engine counts them): the settled part of a presentation
        int readoutSteps = Math.min(network.stepsPerSample(), Math.max(1, network.layer(hidden).neurons().readoutSteps()));
        this.learnFrom = perSample ? network.stepsPerSample() - readoutSteps : 0;
        this.kernels = new WindowKernels(n, settings.sigmaX(), settings.sigmaY());
        int layers = network.layerCount();
        this.modulators = new Modulator[trained.length];
        this.activity = new double[hidden][];
        this.signal = new double[trained.length][];
        this.inputMetric = new String[trained.length];
        this.labelMetric = new String[trained.length];
        this.delta = new double[layers][];
        this.weightGrad = new double[layers][];
        this.biasGrad = new double[layers][];
        this.weightOptimizers = new Optimizer[layers];
        this.biasOptimizers = new Optimizer[layers];
        this.weightSum = new double[layers][];
        this.biasSum = new double[layers][];
        for (int l = 0; l < layers; l++) {
            Layer layer = network.layer(l);
            int d = layer.size();
            if (l < hidden) {
                activity[l] = new double[n * d];
            }
            delta[l] = new double[d];
            if (!layer.connection().isDense()) {
                weightGrad[l] = new double[layer.weights().length];
                biasGrad[l] = new double[layer.bias().length];
            }
            if (perSample) {
                weightSum[l] = new double[layer.weights().length];
                biasSum[l] = new double[layer.bias().length];
            }
            weightOptimizers[l] = settings.optimizer().create(layer.weights().length, backend);
            biasOptimizers[l] = settings.optimizer().create(layer.bias().length, backend);
        }
        this.inputLayerDeltaSum = perSample && network.layer(0).connection().isDense() && trainedIncludesInputLayer()
                ? new double[network.layer(0).size()] : null;
        this.learningRate = settings.schedule().start(weightOptimizers, biasOptimizers);
        int classes = network.outputSize();
        this.outputWeightGrad = new double[network.layer(hidden).weights().length];
        this.outputBiasGrad = new double[classes];
        this.outputDelta = new double[n * classes];
        this.outputGradient = new double[classes];
        this.inputRow = new double[network.inputSize()];
        this.layerKernels = new double[trained.length][n * n];
        for (int k = 0; k < trained.length; k++) {
            int d = network.layer(trained[k]).size();
            modulators[k] = new Modulator(n, d);
            signal[k] = new double[d];
            inputMetric[k] = "hsic_xz/" + trained[k];
            labelMetric[k] = "hsic_yz/" + trained[k];
        }
    }

    /** Creates the learner and opens the trial's working memory for it (none when there is no hidden layer). */
    static IbHebbianLearner open(Network network, IbHebbianSettings settings, TrialContext context) {
        IbHebbianLearner learner = new IbHebbianLearner(network, settings, context);
        if (learner.trained.length > 0) {
            learner.memory = context.openMemory(learner);
        }
        return learner;
    }

    @Override
    public int windowLength() {
        return n;
    }

    @Override
    public void endEpoch(int epoch) {
        learningRate.endEpoch(epoch);
    }

    @Override
    public void learn(Window window) {
        if (window.length() != n) {
            throw new IllegalArgumentException("window of " + window.length() + " samples, the rule expects " + n);
        }
        kernels.update(window);
        int steps = network.stepsPerSample();
        boolean slid = false;
        if (stored) {
            boolean continues = window == lastWindow && window.step() == lastStep + 1;
            slid = continues && layerKernelsSlidable;
            if (continues) {
                dropOldestRow();
            } else {
                replayPast(window, steps);
            }
            System.arraycopy(window.inputs(), (n - 1) * inputRow.length, inputRow, 0, inputRow.length);
        }
        if (fromRest) {
            network.resetState();
        }
        for (int t = 0; t < steps; t++) {
            int current;
            // one sample held for its steps; EVERY_STEP moves the weights between them, so its drive is recomputed
            boolean held = t > 0 && perSample;
            if (stored) {
                if (held) {
                    network.forwardHeld(inputRow, 1);
                } else {
                    network.forward(inputRow, 1);
                }
                current = 0;
            } else {
                if (held) {
                    network.forwardHeld(window.inputs(), n);
                } else {
                    network.forward(window.inputs(), n);
                }
                current = n - 1;
            }
            for (int l = 0; l < hidden; l++) {
                recordActivity(l);
            }
            if (t < learnFrom) {
                continue;
            }
            for (int k = 0; k < trained.length; k++) {
                int l = trained[k];
                memory.signal(k, window, activity[l], signal[k]);
                Layer layer = network.layer(l);
                layer.neurons().vjp(current, signal[k], 0, delta[l], 0);
                if (perSample) {
                    accumulateHidden(l, layer, current);
                } else {
                    stepHidden(l, layer, current);
                }
            }
            outputDeltas(window, current);
            outputGradient(window);
            if (perSample) {
                add(outputWeightGrad, weightSum[hidden]);
                add(outputBiasGrad, biasSum[hidden]);
            } else {
                weightOptimizers[hidden].step(network.layer(hidden).weights(), outputWeightGrad);
                biasOptimizers[hidden].step(network.layer(hidden).bias(), outputBiasGrad);
            }
        }
        if (perSample) {
            stepWithMeans(steps - learnFrom);
        }
        reportHsic(slid);
        layerKernelsSlidable = stored;
        lastWindow = window;
        lastStep = window.step();
    }

    /** Copies the layer's activity of the last forward into the window-ordered buffer. */
    private void recordActivity(int l) {
        int d = network.layer(l).size();
        double[] produced = network.layer(l).activity();
        if (stored) {
            System.arraycopy(produced, 0, activity[l], (n - 1) * d, d);
        } else {
            System.arraycopy(produced, 0, activity[l], 0, n * d);
        }
    }

    /**
     * grad_W = the connection's weight gradient for δ and the current row's input (δ ⊗ input for a dense layer),
     * grad_b likewise (δ), one optimizer step each. A dense layer's rank-one weight gradient is never formed: the
     * optimizer takes its two factors and makes each entry where it updates it.
     */
    private void stepHidden(int l, Layer layer, int current) {
        int in = layer.inputSize();
        if (layer.connection().isDense()) {
            weightOptimizers[l].stepOuter(layer.weights(), layer.size(), in, delta[l], 0, layer.input(), current * in);
            biasOptimizers[l].step(layer.bias(), delta[l]);
        } else {
            layer.connection().weightGradient(backend, layer.input(), current * in, delta[l], 0, 1, weightGrad[l], biasGrad[l]);
            weightOptimizers[l].step(layer.weights(), weightGrad[l]);
            biasOptimizers[l].step(layer.bias(), biasGrad[l]);
        }
    }

    /** Adds the current step's gradient of hidden layer l (the connection's for δ and the current input) to its sums. */
    private void accumulateHidden(int l, Layer layer, int current) {
        int in = layer.inputSize();
        if (l == 0 && inputLayerDeltaSum != null) {
            add(delta[l], inputLayerDeltaSum);
            add(delta[l], biasSum[l]);
            inputLayerRow = current;
        } else if (layer.connection().isDense()) {
            backend.ger(layer.size(), in, 1.0, delta[l], 0, layer.input(), current * in, weightSum[l], 0);
            add(delta[l], biasSum[l]);
        } else {
            layer.connection().weightGradient(backend, layer.input(), current * in, delta[l], 0, 1, weightGrad[l], biasGrad[l]);
            add(weightGrad[l], weightSum[l]);
            add(biasGrad[l], biasSum[l]);
        }
    }

    /** One optimizer step per trained layer with the mean of the sample's learning steps' gradients; the sums restart at 0. */
    private void stepWithMeans(int steps) {
        double scale = 1.0 / steps;
        for (int l : trained) {
            stepWithMean(l, scale);
        }
        stepWithMean(hidden, scale);
    }

    private void stepWithMean(int l, double scale) {
        Layer layer = network.layer(l);
        scaleInPlace(biasSum[l], scale);
        if (l == 0 && inputLayerDeltaSum != null) {
            scaleInPlace(inputLayerDeltaSum, scale);
            int in = layer.inputSize();
            weightOptimizers[l].stepOuter(layer.weights(), layer.size(), in, inputLayerDeltaSum, 0, layer.input(),
                    inputLayerRow * in);
            Arrays.fill(inputLayerDeltaSum, 0.0);
        } else {
            scaleInPlace(weightSum[l], scale);
            weightOptimizers[l].step(layer.weights(), weightSum[l]);
        }
        biasOptimizers[l].step(layer.bias(), biasSum[l]);
        Arrays.fill(weightSum[l], 0.0);
        Arrays.fill(biasSum[l], 0.0);
    }

    private boolean trainedIncludesInputLayer() {
        for (int l : trained) {
            if (l == 0) {
                return true;
            }
        }
        return false;
    }

    private static void add(double[] source, double[] target) {
        for (int i = 0; i < target.length; i++) {
            target[i] += source[i];
        }
    }

    private static void scaleInPlace(double[] a, double factor) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= factor;
        }
    }

    /**
     * Fills the output layer's drive cotangents from the last forward: every row when re-forwarding,
     * only the current (last) row when past rows are stored.
     */
    private void outputDeltas(Window window, int current) {
        if (stored) {
            outputDelta(window, current, n - 1);
        } else {
            for (int j = 0; j < n; j++) {
                outputDelta(window, j, j);
            }
        }
    }

    /** δ = (∂z/∂h)ᵀ (softmax(z) − y)/N for forward row {@code row}, written to window row {@code windowRow}. */
    private void outputDelta(Window window, int row, int windowRow) {
        Layer out = network.layer(hidden);
        int c = out.size();
        double[] logits = out.activity();
        double[] targets = window.targets();
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            max = Math.max(max, logits[row * c + k]);
        }
        double sum = 0.0;
        for (int k = 0; k < c; k++) {
            double e = Math.exp(logits[row * c + k] - max);
            outputGradient[k] = e;
            sum += e;
        }
        for (int k = 0; k < c; k++) {
            outputGradient[k] = (outputGradient[k] / sum - targets[windowRow * c + k]) / n;
        }
        out.neurons().vjp(row, outputGradient, 0, outputDelta, windowRow * c);
    }

    /** The output layer's window gradient into {@code outputWeightGrad}, {@code outputBiasGrad}: Σ_j δ_j ⊗ input_j, Σ_j δ_j. */
    private void outputGradient(Window window) {
        Layer out = network.layer(hidden);
        int c = out.size();
        int in = out.inputSize();
        double[] inputs = hidden == 0 ? window.inputs() : activity[hidden - 1];
        if (!out.connection().isDense()) {
            out.connection().weightGradient(backend, inputs, 0, outputDelta, 0, n, outputWeightGrad, outputBiasGrad);
            return;
        }
        double[] g = outputWeightGrad;
        double[] gb = outputBiasGrad;
        Arrays.fill(g, 0.0);
        Arrays.fill(gb, 0.0);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < c; i++) {
                double di = outputDelta[j * c + i];
                gb[i] += di;
                int row = i * in;
                int src = j * in;
                for (int k = 0; k < in; k++) {
                    g[row + k] += di * inputs[src + k];
                }
            }
        }
    }

    /** STORED, window slid by one: the kept rows move up; the last row is refilled by the coming forward. */
    private void dropOldestRow() {
        for (int l = 0; l < hidden; l++) {
            int d = network.layer(l).size();
            System.arraycopy(activity[l], d, activity[l], 0, (n - 1) * d);
        }
        int c = network.outputSize();
        System.arraycopy(outputDelta, c, outputDelta, 0, (n - 1) * c);
    }

    /**
     * STORED without a kept history (first window, or the stream jumped, e.g. at an epoch start): streams
     * the window's past samples through the network, without learning, keeping what each produced.
     */
    private void replayPast(Window window, int steps) {
        double[] inputs = window.inputs();
        for (int j = 0; j < n - 1; j++) {
            System.arraycopy(inputs, j * inputRow.length, inputRow, 0, inputRow.length);
            if (fromRest) {
                network.resetState();
            }
            for (int t = 0; t < steps; t++) {
                if (t == 0) {
                    network.forward(inputRow, 1);
                } else {
                    network.forwardHeld(inputRow, 1);
                }
            }
            for (int l = 0; l < hidden; l++) {
                int d = network.layer(l).size();
                System.arraycopy(network.layer(l).activity(), 0, activity[l], j * d, d);
            }
            outputDelta(window, 0, j);
        }
    }

    /**
     * The window's HSIC terms per hidden layer, for the epoch means.
     *
     * @param slide whether K_z can be slid from the previous window's (STORED, window advanced by one)
     */
    private void reportHsic(boolean slide) {
        double[] kx = kernels.inputKernel();
        double[] ky = kernels.labelKernel();
        for (int k = 0; k < trained.length; k++) {
            int l = trained[k];
            double[] kz = layerKernels[k];
            int d = network.layer(l).size();
            if (slide) {
                slideLayerKernel(kz, activity[l], d);
            } else {
                Kernels.gaussianMatrix(activity[l], n, d, sigmaZ, kz);
            }
            context.report(inputMetric[k], Hsic.hsic(kx, kz, n));
            context.report(labelMetric[k], Hsic.hsic(ky, kz, n));
        }
    }

    /** Drops the oldest row and column of K_z, then fills the new last row and column from the current activity. */
    private void slideLayerKernel(double[] kz, double[] z, int d) {
        for (int p = 0; p < n - 1; p++) {
            System.arraycopy(kz, (p + 1) * n + 1, kz, p * n, n - 1);
        }
        Kernels.gaussianRow(z, n - 1, n, d, sigmaZ, kz, (n - 1) * n);
        for (int p = 0; p < n - 1; p++) {
            kz[p * n + n - 1] = kz[(n - 1) * n + p];
        }
    }

    // ---- Checkpointable: the optimizers, layer by layer

    @Override
    public void writeState(DataOutput out) throws IOException {
        LayerOptimizers.writeState(out, weightOptimizers, biasOptimizers);
        learningRate.writeState(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        LayerOptimizers.readState(in, weightOptimizers, biasOptimizers);
        learningRate.readState(in);
    }

    // ---- MemoryTask: what the working memory must supply

    /** The hidden layers with weights; pooling layers need no signal. */
    @Override
    public int layers() {
        return trained.length;
    }

    @Override
    public int signalSize(int layer) {
        return network.layer(trained[layer]).size();
    }

    /** ξ of hidden layer {@code layer} in the configured variant, from the window's inputs and labels and the given activity. */
    @Override
    public void exactSignal(int layer, Window window, double[] activity, double[] out) {
        kernels.update(window);
        modulators[layer].signal(variant, kernels, gamma, activity, sigmaZ, out);
    }
}

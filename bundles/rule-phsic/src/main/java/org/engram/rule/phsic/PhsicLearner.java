package org.engram.rule.phsic;

import org.engram.numerics.activation.SoftmaxCrossEntropy;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.engram.api.Checkpointable;
import org.engram.api.TrialContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.rule.Learner;
import org.engram.numerics.network.UnrolledPresentation;
import org.engram.numerics.optim.LayerOptimizers;
import org.engram.numerics.optim.ScheduledLearningRate;
import org.engram.numerics.optim.Optimizer;
import org.engram.numerics.optim.OptimizerSettings;
import org.engram.numerics.state.StateIo;

/**
 * One trial's pHSIC learning (Pogodin and Latham; spec §4.1). Each hidden layer k minimises, over the
 * m samples of the window,
 *
 * <pre>
 *   L_k = pHSIC(Z, Z) − γ pHSIC(Y, Z),   pHSIC(A, B) = (1/m²) Σ_pq (K^A_pq − mean(K^A)) K^B_pq
 * </pre>
 *
 * with a Gaussian activity kernel {@code K^Z_pq = exp(−‖z_p − z_q‖²/2σ_z²)}. Its exact gradient with
 * respect to the kernel entries is {@code G_pq = [2(K^Z_pq − K̄^Z) − γ(K^Y_pq − K̄^Y)]/m²} (the factor 2
 * includes the derivative of the mean), so with {@code A_pq = G_pq K^Z_pq}
 *
 * <pre>
 *   ∂L_k/∂z_p = −(2/σ_z²) Σ_q A_pq (z_p − z_q)
 * </pre>
 *
 * which the layer's neuron model pulls back to its drive; the weight gradient is that δ times the
 * layer's own input. Nothing crosses layers: a layer's input counts as a constant. For m = 2 this is
 * the two-sample rule {@code ΔW_ij = η M (z_t,i − z_t′,i)(f′_t,i x_t,j − f′_t′,i x_t′,j)} with
 * {@code M = (k_z/σ_z²)[2(k_z − k̄_z) − γ(k_y − k̄_y)]/2}, where {@link PhsicSettings.Mode#TWO_SAMPLE}
 * replaces the in-batch means k̄ = (1 + k)/2 by their running averages.
 *
 * <p>The output layer is trained as in the paper's rule (spec §2.7): the cotangent on the logits is
 * the gradient of the window-mean softmax cross-entropy, {@code (softmax(z_j) − y_j)/m}, a local delta rule.
 *
 * <p>A checkpoint holds what outlives a window: the optimizers and the two-sample mode's running kernel means.
 */
final class PhsicLearner implements Learner, Checkpointable {

    static final String CROSS_ENTROPY_METRIC = "cross_entropy";
    static final String LAYER_LOSS_METRIC = "phsic_loss/";

    private final Network network;
    private final ComputeBackend backend;
    private final TrialContext context;
    private final PhsicSettings settings;
    private final int hiddenLayers;
    private final double labelKernelBetweenClasses;
    private final String[] layerLossMetrics;
    private final double[][] weightGrad;
    private final double[][] biasGrad;
    private final Optimizer[] weightOptimizers;
    private final Optimizer[] biasOptimizers;
    private final ScheduledLearningRate learningRate;
    /** Per layer, [rows, size]: the cotangent on the layer's activity. */
    private final double[][] activityGrad;
    /** Per layer, [rows, size]: the cotangent on the layer's drive (δ). */
    private final double[][] driveGrad;
    /** Per hidden layer: the last window's loss L_k, with in-batch means. */
    private final double[] layerLoss;
    /** Per hidden layer: the running mean of the activity kernel matrix (two-sample mode). */
    private final double[] runningMeanZ;
    private double runningMeanY;
    private boolean runningMeansStarted;
    /** [rows, rows] the activity kernel of the layer in hand. */
    private double[] kernelZ = new double[0];
    /** [rows, rows] A_pq = G_pq K^Z_pq. */
    private double[] weightedKernel = new double[0];
    /** [rows, widest hidden layer] A·Z. */
    private double[] weightedActivity = new double[0];
    private int capacityRows;
    /** Only for networks of several steps per sample: the presentation unrolled for the VJP through time. */
    private final UnrolledPresentation unrolled;
    /** Per layer, [rows, size]: the activity averaged over the layer's readout steps (several steps per sample). */
    private final double[][] readoutActivity;
    /** Per layer, [steps, rows, size]: the cotangent on each step's activity (several steps per sample). */
    private final double[][] stepActivityGrad;

    PhsicLearner(Network network, PhsicSettings settings, OptimizerSettings optimizer, TrialContext context) {
        this.network = network;
        this.backend = context.backend();
        this.context = context;
        this.settings = settings;
        int layers = network.layerCount();
        this.hiddenLayers = layers - 1;
        this.labelKernelBetweenClasses = settings.labelKernel().betweenClasses(network.outputSize(), settings.sigmaY());
        layerLossMetrics = new String[hiddenLayers];
        layerLoss = new double[hiddenLayers];
        runningMeanZ = new double[hiddenLayers];
        for (int l = 0; l < hiddenLayers; l++) {
            layerLossMetrics[l] = LAYER_LOSS_METRIC + l;
        }
        weightGrad = new double[layers][];
        biasGrad = new double[layers][];
        weightOptimizers = new Optimizer[layers];
        biasOptimizers = new Optimizer[layers];
        activityGrad = new double[layers][];
        driveGrad = new double[layers][];
        for (int l = 0; l < layers; l++) {
            Layer layer = network.layer(l);
            weightGrad[l] = new double[layer.weights().length];
            biasGrad[l] = new double[layer.bias().length];
            weightOptimizers[l] = optimizer.create(weightGrad[l].length, backend);
            biasOptimizers[l] = optimizer.create(biasGrad[l].length, backend);
        }
        learningRate = settings.schedule().start(weightOptimizers, biasOptimizers);
        unrolled = network.stepsPerSample() > 1 ? new UnrolledPresentation(network, backend) : null;
        readoutActivity = new double[layers][];
        stepActivityGrad = new double[layers][];
        ensureRows(settings.windowLength());
    }

    @Override
    public int windowLength() {
        return settings.windowLength();
    }

    @Override
    public int stride() {
        return settings.stride();
    }

    @Override
    public void endEpoch(int epoch) {
        learningRate.endEpoch(epoch);
    }

    @Override
    public void learn(Window window) {
        double crossEntropy = computeGradients(window);
        for (int l = 0; l < network.layerCount(); l++) {
            Layer layer = network.layer(l);
            weightOptimizers[l].step(layer.weights(), weightGrad[l]);
            biasOptimizers[l].step(layer.bias(), biasGrad[l]);
        }
        context.report(CROSS_ENTROPY_METRIC, crossEntropy);
        for (int l = 0; l < hiddenLayers; l++) {
            if (network.layer(l).weights().length > 0) {
                context.report(layerLossMetrics[l], layerLoss[l]);
            }
        }
    }

    /**
     * Forwards the window and fills every layer's gradient, without changing the weights: the layer's
     * pHSIC loss for hidden layers, the window-mean cross-entropy for the output layer. A network of
     * several steps per sample starts each window from rest and runs {@code stepsPerSample} steps; each
     * layer's loss is that of its activity averaged over its readout steps (the logits' as evaluation
     * reads them), back-propagated through the steps within the layer (its input held fixed: the rule stays
     * layer-local). In two-sample mode this also advances the running kernel means.
     *
     * @return the window-mean cross-entropy of the output layer
     */
    double computeGradients(Window window) {
        int rows = window.length();
        ensureRows(rows);
        if (unrolled != null) {
            unrolled.run(window.inputs(), rows);
        } else {
            network.resetState();
            network.forward(window.inputs(), rows);
        }
        int[] labels = window.labels();
        double batchMeanY = labelKernelMean(labels, rows);
        double centreY = batchMeanY;
        boolean running = settings.mode() == PhsicSettings.Mode.TWO_SAMPLE;
        if (running) {
            runningMeanY = runningAverage(runningMeanY, batchMeanY);
            centreY = runningMeanY;
        }
        for (int l = 0; l < hiddenLayers; l++) {
            if (network.layer(l).weights().length == 0) {
                continue; // pooling: nothing to learn; the conv layer below scores its own activity (spec Q4)
            }
            hiddenLayerCotangent(l, rows, labels, batchMeanY, centreY, running);
            layerGradient(l, rows);
        }
        runningMeansStarted |= running;
        int last = network.layerCount() - 1;
        double crossEntropy = SoftmaxCrossEntropy.lossAndGradient(activity(last, rows), labels, rows, network.outputSize(),
                activityGrad[last]);
        layerGradient(last, rows);
        return crossEntropy;
    }

    /**
     * Writes ∂L_k/∂z for every row of hidden layer {@code l} into its activity cotangent, and records L_k.
     *
     * @param batchMeanY mean of the window's label kernel matrix, for the reported loss
     * @param centreY    the label kernel mean the gradient uses (in-batch or running)
     */
    private void hiddenLayerCotangent(int l, int rows, int[] labels, double batchMeanY, double centreY, boolean running) {
        Layer layer = network.layer(l);
        int size = layer.size();
        double[] z = activity(l, rows);
        double invTwoSigma2 = 1.0 / (2.0 * settings.sigmaZ() * settings.sigmaZ());
        double[] kz = kernelZ;
        double sum = 0.0;
        for (int p = 0; p < rows; p++) {
            kz[p * rows + p] = 1.0;
            int zp = p * size;
            for (int q = 0; q < p; q++) {
                int zq = q * size;
                double d2 = 0.0;
                for (int i = 0; i < size; i++) {
                    double d = z[zp + i] - z[zq + i];
                    d2 += d * d;
                }
                double k = Math.exp(-d2 * invTwoSigma2);
                kz[p * rows + q] = k;
                kz[q * rows + p] = k;
                sum += 2.0 * k;
            }
        }
        double batchMeanZ = (sum + rows) / ((double) rows * rows);
        double centreZ = batchMeanZ;
        if (running) {
            runningMeanZ[l] = runningAverage(runningMeanZ[l], batchMeanZ);
            centreZ = runningMeanZ[l];
        }

        double gamma = settings.gamma();
        double invM2 = 1.0 / ((double) rows * rows);
        double loss = 0.0;
        double[] a = weightedKernel;
        for (int p = 0; p < rows; p++) {
            for (int q = 0; q < rows; q++) {
                double k = kz[p * rows + q];
                double ky = labels[p] == labels[q] ? 1.0 : labelKernelBetweenClasses;
                loss += (k - batchMeanZ) * k - gamma * (ky - batchMeanY) * k;
                a[p * rows + q] = (2.0 * (k - centreZ) - gamma * (ky - centreY)) * invM2 * k;
            }
        }
        layerLoss[l] = loss * invM2;

        // ∂L/∂z_p = −(2/σ²) (Σ_q A_pq · z_p − (A·Z)_p)
        double[] az = weightedActivity;
        backend.gemm(false, false, rows, size, rows, 1.0, a, 0, z, 0, 0.0, az, 0);
        double scale = -4.0 * invTwoSigma2;
        double[] g = activityGrad[l];
        for (int p = 0; p < rows; p++) {
            double rowSum = 0.0;
            for (int q = 0; q < rows; q++) {
                rowSum += a[p * rows + q];
            }
            int off = p * size;
            for (int i = 0; i < size; i++) {
                g[off + i] = scale * (rowSum * z[off + i] - az[off + i]);
            }
        }
    }

    /** [rows, size] the activity the losses score: the last forward's, or its mean over the layer's readout steps. */
    private double[] activity(int l, int rows) {
        Layer layer = network.layer(l);
        if (unrolled == null) {
            return layer.activity();
        }
        int n = rows * layer.size();
        if (readoutActivity[l] == null || readoutActivity[l].length < n) {
            readoutActivity[l] = new double[n];
        }
        unrolled.readoutMean(l, layer.neurons().readoutSteps(), readoutActivity[l]);
        return readoutActivity[l];
    }

    /**
     * From the cotangent on layer l's activity: δ through its neurons, then the connection's weight gradient (δ ⊗ input
     * and Σ δ if dense); through the layer's steps when the network has several.
     */
    private void layerGradient(int l, int rows) {
        Layer layer = network.layer(l);
        if (unrolled != null) {
            int needed = unrolled.steps() * rows * layer.size();
            if (stepActivityGrad[l] == null || stepActivityGrad[l].length < needed) {
                stepActivityGrad[l] = new double[needed];
            }
            unrolled.readoutGradient(l, layer.neurons().readoutSteps(), activityGrad[l], stepActivityGrad[l]);
            unrolled.backward(l, stepActivityGrad[l], weightGrad[l], biasGrad[l], null);
            return;
        }
        int size = layer.size();
        NeuronLayer neurons = layer.neurons();
        double[] gAct = activityGrad[l];
        double[] delta = driveGrad[l];
        for (int r = 0; r < rows; r++) {
            neurons.vjp(r, gAct, r * size, delta, r * size);
        }
        layer.connection().weightGradient(backend, layer.input(), 0, delta, 0, rows, weightGrad[l], biasGrad[l]);
    }

    /** Mean of the window's m×m label kernel matrix. */
    private double labelKernelMean(int[] labels, int rows) {
        long same = 0;
        for (int p = 0; p < rows; p++) {
            for (int q = 0; q < rows; q++) {
                same += labels[p] == labels[q] ? 1 : 0;
            }
        }
        long pairs = (long) rows * rows;
        return (same + (pairs - same) * labelKernelBetweenClasses) / pairs;
    }

    /** Exponential running average, started at the first observation so it carries no bias towards 0. */
    private double runningAverage(double mean, double observation) {
        if (!runningMeansStarted) {
            return observation;
        }
        double decay = settings.meanDecay();
        return decay * mean + (1.0 - decay) * observation;
    }

    private void ensureRows(int rows) {
        if (rows <= capacityRows) {
            return;
        }
        int widest = 0;
        for (int l = 0; l < network.layerCount(); l++) {
            int size = network.layer(l).size();
            activityGrad[l] = new double[rows * size];
            driveGrad[l] = new double[rows * size];
            if (l < hiddenLayers) {
                widest = Math.max(widest, size);
            }
        }
        kernelZ = new double[rows * rows];
        weightedKernel = new double[rows * rows];
        weightedActivity = new double[rows * widest];
        capacityRows = rows;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        LayerOptimizers.writeState(out, weightOptimizers, biasOptimizers);
        learningRate.writeState(out);
        out.writeBoolean(runningMeansStarted);
        StateIo.writeDouble(out, runningMeanY);
        StateIo.writeDoubles(out, runningMeanZ);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        LayerOptimizers.readState(in, weightOptimizers, biasOptimizers);
        learningRate.readState(in);
        runningMeansStarted = in.readBoolean();
        runningMeanY = in.readDouble();
        StateIo.readDoubles(in, runningMeanZ, "the running activity-kernel means");
    }

    /** [size, inputSize] the weight gradient of layer {@code l} from the last {@link #computeGradients}. */
    double[] weightGradient(int l) {
        return weightGrad[l];
    }

    /** [size] the bias gradient of layer {@code l} from the last {@link #computeGradients}. */
    double[] biasGradient(int l) {
        return biasGrad[l];
    }

    /** Hidden layer {@code l}'s pHSIC loss on the last window, with in-batch kernel means. */
    double layerLoss(int l) {
        return layerLoss[l];
    }
}

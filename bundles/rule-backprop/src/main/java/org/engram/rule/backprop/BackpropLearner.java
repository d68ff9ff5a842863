package org.engram.rule.backprop;

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
import org.engram.numerics.optim.LearningRateSchedule;
import org.engram.numerics.optim.Optimizer;
import org.engram.numerics.optim.OptimizerSettings;
import org.engram.numerics.optim.ScheduledLearningRate;

/**
 * One trial's back-propagation: forward a minibatch, take the mean softmax cross-entropy of the
 * logits, push its cotangent down through every layer, then step each weight and bias array.
 * A network presented for several steps per sample (leaky, spiking units) is unrolled over them and
 * back-propagated through time (BPTT, {@link UnrolledPresentation}); a one-step network takes the plain path.
 * Buffers are sized for the batch at creation (and grown once if a longer window arrives), so a
 * learning step allocates nothing. A checkpoint holds the optimizers' state, the only thing that outlives
 * a minibatch, and the epochs done when the learning rate decays.
 */
final class BackpropLearner implements Learner, Checkpointable {

    static final String LOSS_METRIC = "cross_entropy";

    private final Network network;
    private final ComputeBackend backend;
    private final TrialContext context;
    private final int batchSize;
    private final double[][] weightGrad;
    private final double[][] biasGrad;
    private final Optimizer[] weightOptimizers;
    private final Optimizer[] biasOptimizers;
    /** Per layer, [rows, size]: the cotangent on the layer's activity. */
    private final double[][] activityGrad;
    /** Per layer, [rows, size]: the cotangent on the layer's drive (δ). */
    private final double[][] driveGrad;
    private int capacityRows;
    /** Only for networks of several steps per sample. */
    private final UnrolledPresentation unrolled;
    /** Per layer, [steps, rows, size]: the cotangent on the layer's activity at each step (BPTT). */
    private final double[][] stepActivityGrad;
    /** [rows, outputSize]: the logits averaged over the readout steps, then their cotangent. */
    private double[] readoutLogits = new double[0];
    private double[] readoutGrad = new double[0];
    private final ScheduledLearningRate learningRate;

    BackpropLearner(Network network, int batchSize, OptimizerSettings optimizer, LearningRateSchedule schedule,
            TrialContext context) {
        this.network = network;
        this.backend = context.backend();
        this.context = context;
        this.batchSize = batchSize;
        int layers = network.layerCount();
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
        learningRate = schedule.start(weightOptimizers, biasOptimizers);
        stepActivityGrad = new double[layers][];
        unrolled = network.stepsPerSample() > 1 ? new UnrolledPresentation(network, backend) : null;
        ensureRows(batchSize);
    }

    @Override
    public int windowLength() {
        return batchSize;
    }

    @Override
    public int stride() {
        return batchSize;
    }

    @Override
    public void learn(Window window) {
        double loss = computeGradients(window);
        for (int l = 0; l < network.layerCount(); l++) {
            Layer layer = network.layer(l);
            weightOptimizers[l].step(layer.weights(), weightGrad[l]);
            biasOptimizers[l].step(layer.bias(), biasGrad[l]);
        }
        context.report(LOSS_METRIC, loss);
    }

    /**
     * Forwards the window as a minibatch and fills every layer's weight and bias gradient of the mean
     * cross-entropy, without changing the weights. A network of several steps per sample starts each
     * batch from rest, runs {@code stepsPerSample} steps and takes the cross-entropy of the logits averaged
     * over the output layer's readout steps (what evaluation classifies); its gradient is back-propagated
     * through all the steps.
     *
     * @return the batch's mean cross-entropy before the update
     */
    double computeGradients(Window window) {
        int rows = window.length();
        ensureRows(rows);
        if (unrolled != null) {
            return computeGradientsThroughTime(window, rows);
        }
        network.resetState();
        network.forward(window.inputs(), rows);
        int last = network.layerCount() - 1;
        double loss = SoftmaxCrossEntropy.lossAndGradient(network.output(), window.labels(), rows,
                network.outputSize(), activityGrad[last]);
        for (int l = last; l >= 0; l--) {
            backwardLayer(l, rows);
        }
        return loss;
    }

    private double computeGradientsThroughTime(Window window, int rows) {
        unrolled.run(window.inputs(), rows);
        int steps = unrolled.steps();
        int last = network.layerCount() - 1;
        int classes = network.outputSize();
        int readout = Math.min(steps, Math.max(1, network.layer(last).neurons().readoutSteps()));
        ensureThroughTime(steps, rows);
        unrolled.readoutMean(last, readout, readoutLogits);
        double loss = SoftmaxCrossEntropy.lossAndGradient(readoutLogits, window.labels(), rows, classes, readoutGrad);
        unrolled.readoutGradient(last, readout, readoutGrad, stepActivityGrad[last]);
        for (int l = last; l >= 0; l--) {
            unrolled.backward(l, stepActivityGrad[l], weightGrad[l], biasGrad[l], l > 0 ? stepActivityGrad[l - 1] : null);
        }
        return loss;
    }

    private void ensureThroughTime(int steps, int rows) {
        int classes = network.outputSize();
        if (readoutLogits.length < rows * classes) {
            readoutLogits = new double[rows * classes];
            readoutGrad = new double[rows * classes];
        }
        for (int l = 0; l < network.layerCount(); l++) {
            int needed = steps * rows * network.layer(l).size();
            if (stepActivityGrad[l] == null || stepActivityGrad[l].length < needed) {
                stepActivityGrad[l] = new double[needed];
            }
        }
    }

    /** From the cotangent on layer l's activity: its δ, weight and bias gradients, and the cotangent on its input. */
    private void backwardLayer(int l, int rows) {
        Layer layer = network.layer(l);
        int size = layer.size();
        NeuronLayer neurons = layer.neurons();
        double[] gAct = activityGrad[l];
        double[] delta = driveGrad[l];
        for (int r = 0; r < rows; r++) {
            neurons.vjp(r, gAct, r * size, delta, r * size);
        }
        layer.connection().weightGradient(backend, layer.input(), 0, delta, 0, rows, weightGrad[l], biasGrad[l]);
        if (l > 0) {
            // cotangent on the layer below's activity: the connection's input gradient (δ · W for a dense layer)
            layer.connection().inputGradient(backend, layer.input(), 0, delta, 0, rows, activityGrad[l - 1]);
        }
    }

    private void ensureRows(int rows) {
        if (rows <= capacityRows) {
            return;
        }
        for (int l = 0; l < network.layerCount(); l++) {
            int size = network.layer(l).size();
            activityGrad[l] = new double[rows * size];
            driveGrad[l] = new double[rows * size];
        }
        capacityRows = rows;
    }

    @Override
    public void endEpoch(int epoch) {
        learningRate.endEpoch(epoch);
    }

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

    /** [size, inputSize] the weight gradient of layer {@code l} from the last {@link #computeGradients}. */
    double[] weightGradient(int l) {
        return weightGrad[l];
    }

    /** [size] the bias gradient of layer {@code l} from the last {@link #computeGradients}. */
    double[] biasGradient(int l) {
        return biasGrad[l];
    }
}

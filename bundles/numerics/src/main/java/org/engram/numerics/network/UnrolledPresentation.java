package org.engram.numerics.network;

import java.util.Arrays;
import java.util.Objects;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.Unrollable;

/**
 * One presentation of a minibatch to a network, unrolled over its time steps so that a rule can back-propagate
 * through them (BPTT). {@link #run} starts every layer from rest, arms the recording of each {@link Unrollable}
 * neuron layer and runs the network's {@code stepsPerSample} forwards, keeping each layer's input, drive and
 * activity of every step. {@link #backward} then takes one layer back through all the steps at once: from the
 * cotangents on its activity at each step to its weight and bias gradients (summed over steps and rows) and the
 * cotangents on its input at each step, which are the cotangents on the activity of the layer below. Layers are
 * taken from the top down; within a layer the steps go from the last to the first, because a stateful layer's
 * cotangent at a step includes what its carried state passes back from the later steps.
 *
 * <p>A neuron layer that is not {@link Unrollable} is taken to be stateless: its VJP at step {@code t} is the
 * one-step VJP after a forward of that step's recorded drive. Every per-step array is laid out
 * {@code [steps, rows, width]}, step-major, so one call of the connection's gradients covers all the steps.
 * Buffers grow once to the largest minibatch; afterwards {@code run} and {@code backward} allocate nothing.
 * Not thread-safe; one per learner.
 */
public final class UnrolledPresentation {

    private final Network network;
    private final ComputeBackend backend;
    private int steps;
    private int rows;
    private int capacity; // steps × rows the per-step buffers hold
    private int capacityRows; // rows the scratch buffers hold
    /** Per layer, [steps, rows, inputSize]. */
    private final double[][] inputs;
    /** Per layer, [steps, rows, size]. */
    private final double[][] drives;
    /** Per layer, [steps, rows, size]. */
    private final double[][] activities;
    /** Per layer, [steps, rows, size]: the cotangent on the drive, from the last {@link #backward} of that layer. */
    private final double[][] deltas;
    /** Per layer, [rows, size]: a stateless layer's drive and activity of one step, re-forwarded for its VJP. */
    private final double[][] scratchDrive;
    private final double[][] scratchActivity;
    /** [rows, size of layer 0] its δ summed over the steps (its input is the same at every step). */
    private double[] firstLayerDeltaSum = new double[0];

    public UnrolledPresentation(Network network, ComputeBackend backend) {
        this.network = Objects.requireNonNull(network, "network");
        this.backend = Objects.requireNonNull(backend, "backend");
        int layers = network.layerCount();
        inputs = new double[layers][];
        drives = new double[layers][];
        activities = new double[layers][];
        deltas = new double[layers][];
        scratchDrive = new double[layers][];
        scratchActivity = new double[layers][];
    }

    /**
     * Runs {@code network.stepsPerSample()} forwards of the same input from rest, recording every step.
     *
     * @param input [rows, inputSize]
     */
    public void run(double[] input, int rows) {
        int steps = network.stepsPerSample();
        ensureCapacity(steps, rows);
        this.steps = steps;
        this.rows = rows;
        network.resetState();
        for (int l = 0; l < network.layerCount(); l++) {
            if (network.layer(l).neurons() instanceof Unrollable unrollable) {
                unrollable.record(steps);
            }
        }
        for (int t = 0; t < steps; t++) {
            if (t == 0) {
                network.forward(input, rows);
            } else {
                network.forwardHeld(input, rows);
            }
            for (int l = 0; l < network.layerCount(); l++) {
                Layer layer = network.layer(l);
                int in = rows * layer.inputSize();
                int n = rows * layer.size();
                System.arraycopy(layer.input(), 0, inputs[l], t * in, in);
                System.arraycopy(layer.drive(), 0, drives[l], t * n, n);
                System.arraycopy(layer.activity(), 0, activities[l], t * n, n);
            }
        }
    }

    /** Steps of the last {@link #run}. */
    public int steps() {
        return steps;
    }

    /** Rows of the last {@link #run}. */
    public int rows() {
        return rows;
    }

    /** [steps, rows, size] layer {@code l}'s activity at every step of the last {@link #run}; live, do not modify. */
    public double[] activities(int l) {
        return activities[l];
    }

    /** [steps, rows, inputSize] layer {@code l}'s input at every step of the last {@link #run}; live, do not modify. */
    public double[] inputs(int l) {
        return inputs[l];
    }

    /**
     * Writes the mean of layer {@code l}'s activity over the last {@code readoutSteps} steps: the readout that
     * evaluation uses on the output layer.
     *
     * @param out [rows, size] overwritten
     */
    public void readoutMean(int l, int readoutSteps, double[] out) {
        int readout = Math.min(steps, Math.max(1, readoutSteps));
        int n = rows * network.layer(l).size();
        Arrays.fill(out, 0, n, 0.0);
        double[] a = activities[l];
        for (int t = steps - readout; t < steps; t++) {
            int off = t * n;
            for (int i = 0; i < n; i++) {
                out[i] += a[off + i];
            }
        }
        double scale = 1.0 / readout;
        for (int i = 0; i < n; i++) {
            out[i] *= scale;
        }
    }

    /**
     * The cotangent on every step's activity of layer {@code l} from a cotangent on its {@link #readoutMean}: each of
     * the last {@code readoutSteps} steps gets {@code 1/readoutSteps} of it, the earlier steps none.
     *
     * @param gradMean     [rows, size] the cotangent on the mean
     * @param gradActivity [steps, rows, size] overwritten
     */
    public void readoutGradient(int l, int readoutSteps, double[] gradMean, double[] gradActivity) {
        int readout = Math.min(steps, Math.max(1, readoutSteps));
        int n = rows * network.layer(l).size();
        int first = steps - readout;
        Arrays.fill(gradActivity, 0, first * n, 0.0);
        double scale = 1.0 / readout;
        for (int t = first; t < steps; t++) {
            for (int i = 0; i < n; i++) {
                gradActivity[t * n + i] = gradMean[i] * scale;
            }
        }
    }

    /**
     * Back-propagates layer {@code l} through every step of the last {@link #run}.
     *
     * @param gradActivity  [steps, rows, size] the cotangent on the layer's activity at each step from outside the
     *                      layer (the loss, the layers above)
     * @param weightGradient [weights().length] overwritten with the gradient summed over steps and rows
     * @param biasGradient  [bias().length] overwritten likewise
     * @param gradInput     [steps, rows, inputSize] overwritten with the cotangent on the layer's input at each step,
     *                      or {@code null} when not needed (the first layer, a layer-local rule)
     */
    public void backward(int l, double[] gradActivity, double[] weightGradient, double[] biasGradient, double[] gradInput) {
        Layer layer = network.layer(l);
        int size = layer.size();
        int n = rows * size;
        Objects.checkFromIndexSize(0, steps * n, gradActivity.length);
        NeuronLayer neurons = layer.neurons();
        double[] delta = deltas[l];
        if (neurons instanceof Unrollable unrollable) {
            if (unrollable.recordedSteps() != steps) {
                throw new IllegalStateException("layer " + l + " recorded " + unrollable.recordedSteps() + " of " + steps
                        + " steps: backward needs the run() just before it");
            }
            for (int t = steps - 1; t >= 0; t--) {
                for (int r = 0; r < rows; r++) {
                    int off = t * n + r * size;
                    unrollable.vjpThroughTime(t, r, gradActivity, off, delta, off);
                }
            }
        } else {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(drives[l], t * n, scratchDrive[l], 0, n);
                neurons.forward(scratchDrive[l], scratchActivity[l], rows);
                for (int r = 0; r < rows; r++) {
                    int off = t * n + r * size;
                    neurons.vjp(r, gradActivity, off, delta, off);
                }
            }
        }
        int stacked = steps * rows;
        if (l == 0) {
            // the first layer's input is the sample at every step and a weight gradient is linear in δ, so the steps'
            // δs are summed first and the product is taken over the rows alone (steps times less work)
            double[] summed = firstLayerDeltaSum;
            System.arraycopy(delta, 0, summed, 0, n);
            for (int t = 1; t < steps; t++) {
                int off = t * n;
                for (int i = 0; i < n; i++) {
                    summed[i] += delta[off + i];
                }
            }
            layer.connection().weightGradient(backend, inputs[l], 0, summed, 0, rows, weightGradient, biasGradient);
        } else {
            layer.connection().weightGradient(backend, inputs[l], 0, delta, 0, stacked, weightGradient, biasGradient);
        }
        if (gradInput != null) {
            layer.connection().inputGradient(backend, inputs[l], 0, delta, 0, stacked, gradInput);
        }
    }

    private void ensureCapacity(int steps, int rows) {
        int needed = Math.multiplyExact(steps, rows);
        for (int l = 0; l < network.layerCount(); l++) {
            Layer layer = network.layer(l);
            if (needed > capacity) {
                inputs[l] = new double[needed * layer.inputSize()];
                drives[l] = new double[needed * layer.size()];
                activities[l] = new double[needed * layer.size()];
                deltas[l] = new double[needed * layer.size()];
            }
            if (rows > capacityRows) {
                scratchDrive[l] = new double[rows * layer.size()];
                scratchActivity[l] = new double[rows * layer.size()];
                if (l == 0) {
                    firstLayerDeltaSum = new double[rows * layer.size()];
                }
            }
        }
        capacity = Math.max(capacity, needed);
        capacityRows = Math.max(capacityRows, rows);
    }
}

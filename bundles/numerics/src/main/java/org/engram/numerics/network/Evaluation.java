package org.engram.numerics.network;

import java.util.Arrays;
import org.engram.api.data.SampleSet;
import org.engram.api.network.Network;
import org.engram.api.neuron.NeuronLayer;

/**
 * How a trained network is scored: the engine's per-epoch accuracies and the test kit's {@code TestTrainer} both call
 * this, so a test scores a network exactly as a trial does.
 */
public final class Evaluation {

    /** Rows per forward pass: large enough for BLAS, small enough to stay in cache. */
    public static final int ROWS = 250;

    private Evaluation() {
    }

    /**
     * The fraction of the first {@code count} samples classified right: the arg-max of the output layer's logits,
     * summed over its readout steps of a sample's time steps. Each chunk of {@link #ROWS} samples starts from a fresh
     * state; the network is left reset.
     *
     * @return NaN when {@code count} is 0
     */
    public static double accuracy(Network network, SampleSet samples, int count) {
        if (count == 0) {
            return Double.NaN;
        }
        int in = samples.inputSize();
        int classes = network.outputSize();
        NeuronLayer outputNeurons = network.layer(network.layerCount() - 1).neurons();
        int steps = network.stepsPerSample();
        int readout = Math.min(steps, Math.max(1, outputNeurons.readoutSteps()));
        double[] x = new double[ROWS * in];
        double[] logits = new double[ROWS * classes];
        int correct = 0;
        for (int start = 0; start < count; start += ROWS) {
            int rows = Math.min(ROWS, count - start);
            for (int r = 0; r < rows; r++) {
                samples.copyInput(start + r, x, r * in);
            }
            Arrays.fill(logits, 0.0);
            network.resetState();
            for (int s = 0; s < steps; s++) {
                // a sample is held for all its steps: later steps reuse the first layer's drive
                if (s == 0) {
                    network.forward(x, rows);
                } else {
                    network.forwardHeld(x, rows);
                }
                if (s >= steps - readout) {
                    double[] out = network.output();
                    for (int i = 0; i < rows * classes; i++) {
                        logits[i] += out[i];
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (logits[r * classes + c] > logits[r * classes + best]) {
                        best = c;
                    }
                }
                if (best == samples.label(start + r)) {
                    correct++;
                }
            }
        }
        network.resetState();
        return correct / (double) count;
    }
}

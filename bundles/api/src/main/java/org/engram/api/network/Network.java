package org.engram.api.network;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A feed-forward network of layers (dense, convolution, pooling, ...), as a learner sees it: live weights it may update in place,
 * and the activity of every layer from the last forward step. Implemented by the engine, one per trial.
 * Layer 0 is the first hidden layer; the last layer produces the logits.
 */
@ProviderType
public interface Network {

    int inputSize();

    /** Width of the last layer: the number of logits. */
    int outputSize();

    int layerCount();

    Layer layer(int index);

    /** The largest {@code stepsPerSample} of the layers' neuron models: 1 for rate networks. */
    int stepsPerSample();

    /**
     * One time step for {@code rows} samples through every layer in order (layer l sees layer l-1's
     * output of the same step). Keeps each layer's input, drive and activity for the learner.
     *
     * @param input [rows, inputSize()]
     */
    void forward(double[] input, int rows);

    /** Rows of the last {@link #forward}. */
    int rows();

    /** The last layer's activity of the last forward: [rows, outputSize] logits. */
    double[] output();

    /** Forgets the carried state of every stateful layer. */
    void resetState();
}

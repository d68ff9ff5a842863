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

    /**
     * The next time step of a sample held for several steps: the same {@code input} array with the same contents as
     * the previous forward, and no weight or bias changed since. Gives exactly what {@link #forward} gives; a network
     * may reuse its first layer's drive instead of recomputing it (for units held 20 steps on one image, that product
     * is most of the work). By default it is {@link #forward}.
     *
     * @param input [rows, inputSize()], the array of the previous forward, unchanged
     * @since 1.2
     */
    default void forwardHeld(double[] input, int rows) {
        forward(input, rows);
    }

    /** Rows of the last {@link #forward}. */
    int rows();

    /** The last layer's activity of the last forward: [rows, outputSize] logits. */
    double[] output();

    /** Forgets the carried state of every stateful layer. */
    void resetState();
}

package org.engram.api.network;

import org.engram.api.Shape;
import org.engram.api.connectivity.Connection;
import org.engram.api.neuron.NeuronLayer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One layer: {@code z = neurons(A_W(in) + b)}, where its {@link #connection()} computes the drive (a dense matrix
 * product, a convolution, a pooling). The arrays are live; a learner updates weights and bias in place.
 */
@ProviderType
public interface Layer {

    /** Width of the layer's input (the previous layer's size, or the network input). */
    int inputSize();

    /** Number of units. */
    int size();

    /** Whether this is the network's last (logit) layer. */
    boolean isOutput();

    /** The synaptic weights, as its connection lays them out: [size, inputSize] row-major for a dense layer. */
    double[] weights();

    /** The biases: [size] for a dense layer, [channels] for a convolution, empty for pooling. */
    double[] bias();

    /** How the drive is computed from the input: forward and the two gradients every rule uses. */
    Connection connection();

    /** The shape of the layer's units (and its drive and activity rows); {@code size × 1 × 1} for a dense layer. */
    Shape shape();

    NeuronLayer neurons();

    /** [rows, inputSize] the input of the last forward step. */
    double[] input();

    /** [rows, size] the drive {@code W·in + b} of the last forward step. */
    double[] drive();

    /** [rows, size] the activity of the last forward step. */
    double[] activity();
}

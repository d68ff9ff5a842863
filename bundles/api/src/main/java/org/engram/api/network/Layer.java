package org.engram.api.network;

import org.engram.api.neuron.NeuronLayer;
import org.osgi.annotation.versioning.ProviderType;

/** One dense layer: {@code z = neurons(W·in + b)}. The arrays are live; a learner updates weights and bias in place. */
@ProviderType
public interface Layer {

    /** Width of the layer's input (the previous layer's size, or the network input). */
    int inputSize();

    /** Number of units. */
    int size();

    /** Whether this is the network's last (logit) layer. */
    boolean isOutput();

    /** [size, inputSize] row-major synaptic weights. */
    double[] weights();

    /** [size] biases. */
    double[] bias();

    NeuronLayer neurons();

    /** [rows, inputSize] the input of the last forward step. */
    double[] input();

    /** [rows, size] the drive {@code W·in + b} of the last forward step. */
    double[] drive();

    /** [rows, size] the activity of the last forward step. */
    double[] activity();
}

package org.engram.api.data;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An indexed set of labelled samples. Reading a sample copies it into the caller's buffer, so a
 * dataset can keep its compact form (e.g. bytes) and a sliding window costs no allocation.
 */
@ConsumerType
public interface SampleSet {

    int size();

    /** Flattened input length, e.g. 784 for MNIST. */
    int inputSize();

    /** The class index of sample {@code index}, in [0, classes). */
    int label(int index);

    /**
     * Copies sample {@code index}'s preprocessed input into {@code destination[offset .. offset + inputSize())}.
     */
    void copyInput(int index, double[] destination, int offset);
}

package org.engram.api.network;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The last {@link #length()} samples of the training stream, oldest first; the last row is the
 * current sample. Reused from step to step: read it during {@code learn}, do not keep it.
 */
@ProviderType
public interface Window {

    /** Number of samples N. */
    int length();

    int inputSize();

    int classes();

    /** [length, inputSize] inputs, row {@code length-1} is the current sample. */
    double[] inputs();

    /** [length] class indices. */
    int[] labels();

    /** [length, classes] one-hot labels. */
    double[] targets();

    /** Epoch (from 1) the current sample belongs to. */
    int epoch();

    /** Position of the current sample in the whole training stream, counted from 0 across epochs. */
    long step();
}

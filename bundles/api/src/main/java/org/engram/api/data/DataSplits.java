package org.engram.api.data;

import org.osgi.annotation.versioning.ConsumerType;

/** One trial's data: a train and a test split, and what provenance needs to identify them. */
@ConsumerType
public interface DataSplits {

    /** A human-readable id with the options that change the data, e.g. {@code mnist[-1,1]}. */
    String id();

    /** SHA-256 (hex) of the samples and labels as the network sees them. */
    String contentHash();

    /** The shape of one input before flattening, e.g. {28, 28}; its product is {@link SampleSet#inputSize()}. */
    int[] inputShape();

    /** Number of classes; labels are one-hot over this many. */
    int classes();

    SampleSet train();

    SampleSet test();
}

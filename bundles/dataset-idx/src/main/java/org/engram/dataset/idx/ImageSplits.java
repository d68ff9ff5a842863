package org.engram.dataset.idx;

import org.engram.api.data.DataSplits;
import org.engram.api.data.SampleSet;

/** A loaded image data set: its two splits and what identifies them. Immutable. */
final class ImageSplits implements DataSplits {

    private final String id;
    private final String contentHash;
    private final int[] inputShape;
    private final int classes;
    private final SampleSet train;
    private final SampleSet test;

    ImageSplits(String id, String contentHash, int[] inputShape, int classes, SampleSet train, SampleSet test) {
        this.id = id;
        this.contentHash = contentHash;
        this.inputShape = inputShape.clone();
        this.classes = classes;
        this.train = train;
        this.test = test;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String contentHash() {
        return contentHash;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public SampleSet train() {
        return train;
    }

    @Override
    public SampleSet test() {
        return test;
    }

    @Override
    public String toString() {
        return id + " (" + train.size() + " train, " + test.size() + " test, sha256 " + contentHash + ")";
    }
}

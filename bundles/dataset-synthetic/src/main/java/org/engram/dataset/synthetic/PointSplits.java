package org.engram.dataset.synthetic;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.engram.api.data.DataSplits;
import org.engram.api.data.SampleSet;

/** A generated data set's two splits and what identifies them. Immutable. */
final class PointSplits implements DataSplits {

    /** Every set here is a binary task. */
    static final int CLASSES = 2;

    private final String id;
    private final String contentHash;
    private final int dimension;
    private final PointSet train;
    private final PointSet test;

    /** @param test may be {@code train} itself, for the 2021 sets that evaluate on their training points */
    PointSplits(String id, PointSet train, PointSet test) {
        this.id = id;
        this.dimension = train.inputSize();
        this.train = train;
        this.test = test;
        this.contentHash = contentHash(train, test);
    }

    /**
     * SHA-256 (hex) over, for the train then the test split: the point count (4 bytes, big-endian), the label
     * bytes, and the inputs as IEEE-754 doubles (big-endian), i.e. exactly what the network sees.
     */
    static String contentHash(PointSet train, PointSet test) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        for (PointSet split : new PointSet[] {train, test}) {
            ByteBuffer bytes = ByteBuffer.allocate(4 + split.size() + 8 * split.inputs().length);
            bytes.putInt(split.size());
            bytes.put(split.labels());
            for (double v : split.inputs()) {
                bytes.putDouble(v);
            }
            sha256.update(bytes.array());
        }
        return HexFormat.of().formatHex(sha256.digest());
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
        return new int[] {dimension};
    }

    @Override
    public int classes() {
        return CLASSES;
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

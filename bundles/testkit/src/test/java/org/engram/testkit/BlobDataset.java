package org.engram.testkit;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.data.SampleSet;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.engram.numerics.network.Initializers;

/**
 * A well-behaved dataset for the suites' own tests: three Gaussian blobs in four dimensions, generated
 * from the seed. Subclasses break one promise each through the hooks.
 */
abstract class BlobDataset implements Dataset {

    static final int CLASSES = 3;
    static final int INPUTS = 4;

    @Override
    public String description() {
        return "three Gaussian blobs in four dimensions (test sample)";
    }

    record Settings(
            @Parameter(defaultValue = "60", min = 1, max = 100_000,
                    description = "samples per split")
            long count) {
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return ParameterSet.of(Settings.class).descriptors();
    }

    /** The seed the data is generated from; subclasses may ignore the given one. */
    long seedOf(long seed) {
        return seed;
    }

    @Override
    public DataSplits load(Parameters parameters, long seed) {
        int count = parameters.getInt("count");
        long s = seedOf(seed);
        double[] train = generate(count, s);
        double[] test = generate(count, s + 1);
        String hash = hash(train, test);
        return new DataSplits() {
            @Override
            public String id() {
                return "blobs[count=" + count + "]";
            }

            @Override
            public String contentHash() {
                return hashOf(hash);
            }

            @Override
            public int[] inputShape() {
                return new int[] {INPUTS};
            }

            @Override
            public int classes() {
                return CLASSES;
            }

            @Override
            public SampleSet train() {
                return new Split(train, count);
            }

            @Override
            public SampleSet test() {
                return new Split(test, count);
            }
        };
    }

    String hashOf(String hash) {
        return hash;
    }

    int labelOf(int index, int size) {
        return index % CLASSES;
    }

    /** Maps a requested index to a stored one; subclasses may wrap instead of failing. */
    int indexOf(int index, int size) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + size);
        }
        return index;
    }

    void afterCopy(double[] destination, int end) {
    }

    private static double[] generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[count * INPUTS];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3 * ((i / INPUTS) % CLASSES) + Initializers.gaussian(random);
        }
        return x;
    }

    private static String hash(double[] train, double[] test) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer bytes = ByteBuffer.allocate(8 * (train.length + test.length));
            bytes.asDoubleBuffer().put(train).put(test);
            return HexFormat.of().formatHex(sha.digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    final class Split implements SampleSet {
        private final double[] inputs;
        private final int size;

        Split(double[] inputs, int size) {
            this.inputs = inputs;
            this.size = size;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int inputSize() {
            return INPUTS;
        }

        @Override
        public int label(int index) {
            return labelOf(indexOf(index, size), size);
        }

        @Override
        public void copyInput(int index, double[] destination, int offset) {
            System.arraycopy(inputs, indexOf(index, size) * INPUTS, destination, offset, INPUTS);
            afterCopy(destination, offset + INPUTS);
        }
    }
}

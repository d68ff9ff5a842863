package org.engram.testkit;

import java.util.SplittableRandom;
import org.engram.api.data.SampleSet;
import org.engram.numerics.network.Initializers;

/** Labelled samples for tests: from arrays, or generated Gaussian blobs. */
public final class TestSamples {

    private TestSamples() {
    }

    /**
     * The given samples, copied.
     *
     * @param inputs [count][inputSize]
     * @param labels [count] class indices
     */
    public static SampleSet of(double[][] inputs, int[] labels) {
        if (inputs.length != labels.length) {
            throw new IllegalArgumentException(inputs.length + " inputs but " + labels.length + " labels");
        }
        int inputSize = inputs.length == 0 ? 0 : inputs[0].length;
        double[] flat = new double[inputs.length * inputSize];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].length != inputSize) {
                throw new IllegalArgumentException("input " + i + " has " + inputs[i].length + " values, not " + inputSize);
            }
            System.arraycopy(inputs[i], 0, flat, i * inputSize, inputSize);
        }
        return new ArraySampleSet(flat, labels.clone(), inputSize);
    }

    /**
     * {@code count} samples of {@code classes} Gaussian blobs: class {@code c}'s centre has standard
     * normal coordinates times 3, each sample adds unit noise, so the classes are well separated but
     * overlap a little. Labels cycle 0, 1, ..., classes-1. Everything follows from {@code seed}.
     */
    public static SampleSet blobs(int classes, int inputSize, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[classes][inputSize];
        for (double[] centre : centres) {
            for (int i = 0; i < inputSize; i++) {
                centre[i] = 3 * Initializers.gaussian(random);
            }
        }
        double[] flat = new double[count * inputSize];
        int[] labels = new int[count];
        for (int s = 0; s < count; s++) {
            labels[s] = s % classes;
            for (int i = 0; i < inputSize; i++) {
                flat[s * inputSize + i] = centres[labels[s]][i] + Initializers.gaussian(random);
            }
        }
        return new ArraySampleSet(flat, labels, inputSize);
    }

    /**
     * Draws one sample of two isotropic unit-variance Gaussian blobs into {@code x}: the label (0 or 1) first, then
     * each coordinate −0.75 or +0.75 by the label, plus standard normal noise. In 4-D the centres stand 1.5 standard
     * deviations either side of the origin along (1,1,1,1)/2, so the best possible accuracy is Φ(1.5) ≈ 0.93: a task
     * a rule should learn well above chance but cannot learn perfectly.
     *
     * @return the label
     */
    public static int twoBlobSample(SplittableRandom random, double[] x) {
        int label = random.nextInt(2);
        double shift = label == 0 ? -1.5 : 1.5;
        for (int i = 0; i < x.length; i++) {
            x[i] = shift * 0.5 + Initializers.gaussian(random);
        }
        return label;
    }

    /** {@code count} samples of {@link #twoBlobSample}, drawn one after the other from {@code random}. */
    public static SampleSet twoBlobs(int count, int inputSize, SplittableRandom random) {
        double[] flat = new double[count * inputSize];
        int[] labels = new int[count];
        double[] x = new double[inputSize];
        for (int s = 0; s < count; s++) {
            labels[s] = twoBlobSample(random, x);
            System.arraycopy(x, 0, flat, s * inputSize, inputSize);
        }
        return new ArraySampleSet(flat, labels, inputSize);
    }

    /**
     * Samples {@code from} to {@code to} of {@code raw}, each followed by {@code background} inputs fixed at −1, like
     * MNIST's background pixels (most of a 784-pixel image): a LeCun-initialised layer's drive then has a large part
     * that is the same for every sample, as on MNIST.
     */
    public static SampleSet withBackground(SampleSet raw, int from, int to, int background) {
        int informative = raw.inputSize();
        double[][] inputs = new double[to - from][informative + background];
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            raw.copyInput(i, inputs[i - from], 0);
            java.util.Arrays.fill(inputs[i - from], informative, informative + background, -1.0);
            labels[i - from] = raw.label(i);
        }
        return of(inputs, labels);
    }

    /** Classes of the MNIST-like blobs. */
    public static final int MNIST_LIKE_CLASSES = 10;
    /** Inputs of the MNIST-like blobs: 4 informative, 60 background. */
    public static final int MNIST_LIKE_INPUTS = 64;
    private static final int MNIST_LIKE_TRAIN = 3000;
    private static final int MNIST_LIKE_TEST = 400;

    /**
     * The 3000 training samples of ten overlapping Gaussian blobs in 4 dimensions followed by 60 inputs fixed at −1
     * (see {@link #withBackground}): a task a small rate network solves, with MNIST's drive statistics, for checking
     * that spiking networks learn it too. {@link #mnistLikeTest()} holds 400 more from the same blobs.
     */
    public static SampleSet mnistLikeTrain() {
        return mnistLike(0, MNIST_LIKE_TRAIN);
    }

    /** The 400 test samples of the MNIST-like blobs (see {@link #mnistLikeTrain()}). */
    public static SampleSet mnistLikeTest() {
        return mnistLike(MNIST_LIKE_TRAIN, MNIST_LIKE_TRAIN + MNIST_LIKE_TEST);
    }

    private static SampleSet mnistLike(int from, int to) {
        return withBackground(blobs(MNIST_LIKE_CLASSES, 4, MNIST_LIKE_TRAIN + MNIST_LIKE_TEST, 4), from, to,
                MNIST_LIKE_INPUTS - 4);
    }

    private static final class ArraySampleSet implements SampleSet {
        private final double[] inputs;
        private final int[] labels;
        private final int inputSize;

        ArraySampleSet(double[] inputs, int[] labels, int inputSize) {
            this.inputs = inputs;
            this.labels = labels;
            this.inputSize = inputSize;
        }

        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public int inputSize() {
            return inputSize;
        }

        @Override
        public int label(int index) {
            return labels[index];
        }

        @Override
        public void copyInput(int index, double[] destination, int offset) {
            if (index < 0 || index >= labels.length) {
                throw new IndexOutOfBoundsException("sample " + index + " of " + labels.length);
            }
            System.arraycopy(inputs, index * inputSize, destination, offset, inputSize);
        }
    }
}

package org.engram.dataset.synthetic;

import org.engram.api.data.SampleSet;

/** Labelled points stored as the doubles the network sees, point after point. */
final class PointSet implements SampleSet {

    private final double[] inputs;
    private final byte[] labels;
    private final int dimension;

    /**
     * @param inputs {@code labels.length * dimension} values; not copied
     * @param labels one class index per point; not copied
     */
    PointSet(double[] inputs, byte[] labels, int dimension) {
        if ((long) labels.length * dimension != inputs.length) {
            throw new IllegalArgumentException(inputs.length + " values do not make " + labels.length
                    + " points of dimension " + dimension);
        }
        this.inputs = inputs;
        this.labels = labels;
        this.dimension = dimension;
    }

    /** Points {@code [from, to)} of the given arrays, copied. */
    static PointSet range(double[] inputs, byte[] labels, int dimension, int from, int to) {
        double[] x = new double[(to - from) * dimension];
        System.arraycopy(inputs, from * dimension, x, 0, x.length);
        byte[] y = new byte[to - from];
        System.arraycopy(labels, from, y, 0, y.length);
        return new PointSet(x, y, dimension);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int inputSize() {
        return dimension;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void copyInput(int index, double[] destination, int offset) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException("point " + index + " of " + labels.length);
        }
        System.arraycopy(inputs, index * dimension, destination, offset, dimension);
    }

    /** Not copied: for hashing. */
    double[] inputs() {
        return inputs;
    }

    byte[] labels() {
        return labels;
    }
}

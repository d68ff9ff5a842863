package org.engram.numerics.network;

import org.engram.api.data.SampleSet;
import org.engram.api.network.Window;

/**
 * The last N samples of a stream in contiguous arrays, oldest first. {@link #push} shifts the rows up by
 * one and copies the new sample into the last row: O(N·inputSize) copying, no allocation.
 */
public final class SlidingWindow implements Window {
    private final int length;
    private final int inputSize;
    private final int classes;
    private final double[] inputs;
    private final int[] labels;
    private final double[] targets;
    private int filled;
    private int epoch;
    private long step = -1;

    public SlidingWindow(int length, int inputSize, int classes) {
        if (length < 1) {
            throw new IllegalArgumentException("window length must be at least 1, got " + length);
        }
        this.length = length;
        this.inputSize = inputSize;
        this.classes = classes;
        this.inputs = new double[length * inputSize];
        this.labels = new int[length];
        this.targets = new double[length * classes];
    }

    /** Appends sample {@code index} of {@code samples} as the new current sample, dropping the oldest. */
    public void push(SampleSet samples, int index, int epoch) {
        shift();
        int last = length - 1;
        samples.copyInput(index, inputs, last * inputSize);
        setLabel(last, samples.label(index));
        this.epoch = epoch;
        step++;
    }

    /** Appends a sample given as an array. */
    public void push(double[] input, int label, int epoch) {
        shift();
        int last = length - 1;
        System.arraycopy(input, 0, inputs, last * inputSize, inputSize);
        setLabel(last, label);
        this.epoch = epoch;
        step++;
    }

    private void shift() {
        if (length > 1) {
            System.arraycopy(inputs, inputSize, inputs, 0, (length - 1) * inputSize);
            System.arraycopy(labels, 1, labels, 0, length - 1);
            System.arraycopy(targets, classes, targets, 0, (length - 1) * classes);
        }
        filled = Math.min(length, filled + 1);
    }

    private void setLabel(int row, int label) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " outside [0, " + classes + ")");
        }
        labels[row] = label;
        int off = row * classes;
        for (int c = 0; c < classes; c++) {
            targets[off + c] = c == label ? 1.0 : 0.0;
        }
    }

    /** Whether N samples have been pushed since the start or the last {@link #clear}. */
    public boolean isFull() {
        return filled == length;
    }

    /**
     * Continues the stream after sample {@code step} (counted from 0): the next push is at {@code step + 1}.
     * For a trial resumed from a checkpoint, whose window starts empty but whose stream position goes on.
     */
    public void resumeAfter(long step) {
        if (step < -1) {
            throw new IllegalArgumentException("stream position " + step + " before the start");
        }
        this.filled = 0;
        this.step = step;
    }

    /** Forgets the samples (e.g. at an epoch boundary); keeps the step counter. */
    public void clear() {
        filled = 0;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public double[] inputs() {
        return inputs;
    }

    @Override
    public int[] labels() {
        return labels;
    }

    @Override
    public double[] targets() {
        return targets;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public long step() {
        return step;
    }
}

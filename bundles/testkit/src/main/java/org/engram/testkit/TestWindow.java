package org.engram.testkit;

import java.util.SplittableRandom;
import org.engram.api.network.Window;
import org.engram.numerics.network.Initializers;
import org.engram.numerics.network.SlidingWindow;

/**
 * A {@link Window} a test fills by hand, e.g. to check one {@code learn} step against a hand computation:
 * the engine's own sliding window, so it behaves exactly as in a trial (the last pushed sample is the current one).
 */
public final class TestWindow implements Window {

    private final SlidingWindow window;

    private TestWindow(int length, int inputSize, int classes) {
        this.window = new SlidingWindow(length, inputSize, classes);
    }

    /** An empty window of {@code length} samples. */
    public static TestWindow of(int length, int inputSize, int classes) {
        return new TestWindow(length, inputSize, classes);
    }

    /**
     * A full window of {@code length} samples with standard normal inputs and uniform labels, drawn sample by sample
     * (the inputs, then the label): a window to check a gradient or an update on when the data need not mean anything.
     */
    public static TestWindow random(int length, int inputSize, int classes, SplittableRandom random) {
        TestWindow window = new TestWindow(length, inputSize, classes);
        double[] x = new double[inputSize];
        for (int r = 0; r < length; r++) {
            for (int i = 0; i < inputSize; i++) {
                x[i] = Initializers.gaussian(random);
            }
            window.push(x, random.nextInt(classes));
        }
        return window;
    }

    /** Appends a sample as the new current one, dropping the oldest. */
    public TestWindow push(double[] input, int label) {
        window.push(input, label, 1);
        return this;
    }

    /** Whether {@link #length()} samples have been pushed. */
    public boolean isFull() {
        return window.isFull();
    }

    @Override
    public int length() {
        return window.length();
    }

    @Override
    public int inputSize() {
        return window.inputSize();
    }

    @Override
    public int classes() {
        return window.classes();
    }

    @Override
    public double[] inputs() {
        return window.inputs();
    }

    @Override
    public int[] labels() {
        return window.labels();
    }

    @Override
    public double[] targets() {
        return window.targets();
    }

    @Override
    public int epoch() {
        return window.epoch();
    }

    @Override
    public long step() {
        return window.step();
    }
}

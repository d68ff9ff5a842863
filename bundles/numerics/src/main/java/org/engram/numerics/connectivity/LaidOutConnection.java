package org.engram.numerics.connectivity;

import org.engram.api.Shape;
import org.engram.api.connectivity.Connection;

/** What every built-in connection keeps alike: its two shapes and its weight and bias arrays. */
abstract class LaidOutConnection implements Connection {

    protected final Shape input;
    protected final Shape output;
    protected final double[] weights;
    protected final double[] bias;

    LaidOutConnection(Shape input, Shape output, int weightCount, int biasCount) {
        this.input = input;
        this.output = output;
        this.weights = new double[weightCount];
        this.bias = new double[biasCount];
    }

    @Override
    public final Shape inputShape() {
        return input;
    }

    @Override
    public final Shape outputShape() {
        return output;
    }

    @Override
    public final double[] weights() {
        return weights;
    }

    @Override
    public final double[] bias() {
        return bias;
    }
}

package org.engram.connectivity.conv;

import org.engram.api.Shape;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.connectivity.Connection;

/**
 * A connection whose arithmetic runs on one chosen backend whatever backend the trial passes: a convolution's
 * im2col products are large enough for ND4J to pay while the rest of the network stays on the plain-Java one.
 * The weights are the wrapped connection's, live.
 */
final class OnBackend implements Connection {
    private final Connection connection;
    private final ComputeBackend backend;

    OnBackend(Connection connection, ComputeBackend backend) {
        this.connection = connection;
        this.backend = backend;
    }

    @Override
    public Shape inputShape() {
        return connection.inputShape();
    }

    @Override
    public Shape outputShape() {
        return connection.outputShape();
    }

    @Override
    public double[] weights() {
        return connection.weights();
    }

    @Override
    public double[] bias() {
        return connection.bias();
    }

    @Override
    public int fanIn() {
        return connection.fanIn();
    }

    @Override
    public boolean isDense() {
        return connection.isDense();
    }

    @Override
    public void forward(ComputeBackend ignored, double[] input, int inputOffset, int rows, double[] drive) {
        connection.forward(backend, input, inputOffset, rows, drive);
    }

    @Override
    public void weightGradient(ComputeBackend ignored, double[] input, int inputOffset, double[] delta, int deltaOffset,
            int rows, double[] weightGradient, double[] biasGradient) {
        connection.weightGradient(backend, input, inputOffset, delta, deltaOffset, rows, weightGradient, biasGradient);
    }

    @Override
    public void inputGradient(ComputeBackend ignored, double[] input, int inputOffset, double[] delta, int deltaOffset,
            int rows, double[] inputGradient) {
        connection.inputGradient(backend, input, inputOffset, delta, deltaOffset, rows, inputGradient);
    }
}

package org.engram.numerics.connectivity;

import java.util.Arrays;
import org.engram.api.Shape;
import org.engram.api.compute.ComputeBackend;

/** Every unit sees every input: {@code h = W x + b}, W [size, inputSize] row-major. */
public final class DenseConnection extends LaidOutConnection {

    private final int inputSize;
    private final int size;

    /** @param input any shape: a dense layer sees it flattened */
    public DenseConnection(Shape input, int size) {
        super(input, Shape.flat(checkedSize(size)), weightCount(input, size), size);
        this.inputSize = input.size();
        this.size = size;
    }





    private static int checkedSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a dense layer needs at least 1 unit, got size " + size);
        }
        return size;
    }

    private static int weightCount(Shape input, int size) {
        long count = (long) size * input.size();
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a dense layer of " + size + " units on " + input.size() + " inputs has " + count
                    + " weights, more than one Java array holds (2^31 − 1); use fewer units");
        }
        return (int) count;
    }

    @Override
    public int fanIn() {
        return inputSize;
    }

    @Override
    public boolean isDense() {
        return true;
    }

    @Override
    public void forward(ComputeBackend backend, double[] in, int inputOffset, int rows, double[] drive) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias, 0, drive, r * size, size);
        }
        // drive[rows, size] = in[rows, inputSize] · Wᵀ + bias
        backend.gemm(false, true, rows, size, inputSize, 1.0, in, inputOffset, weights, 0, 1.0, drive, 0);
    }

    @Override
    public void weightGradient(ComputeBackend backend, double[] in, int inputOffset, double[] delta, int deltaOffset, int rows,
            double[] weightGradient, double[] biasGradient) {
        // ∂/∂W [size, in] = δᵀ [size, rows] · input [rows, in]
        backend.gemm(true, false, size, inputSize, rows, 1.0, delta, deltaOffset, in, inputOffset, 0.0, weightGradient, 0);
        Arrays.fill(biasGradient, 0.0);
        for (int r = 0; r < rows; r++) {
            int off = deltaOffset + r * size;
            for (int i = 0; i < size; i++) {
                biasGradient[i] += delta[off + i];
            }
        }
    }

    @Override
    public void inputGradient(ComputeBackend backend, double[] in, int inputOffset, double[] delta, int deltaOffset, int rows,
            double[] inputGradient) {
        // [rows, in] = δ [rows, size] · W [size, in]
        backend.gemm(false, false, rows, inputSize, size, 1.0, delta, deltaOffset, weights, 0, 0.0, inputGradient, 0);
    }
}

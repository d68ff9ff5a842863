package org.engram.neuron.rate;

/**
 * A layer whose Jacobian is diagonal: the forward stores {@code f'(h)} per unit, the VJP multiplies
 * by it. {@code gradOut} and {@code gradDrive} may be the same slice.
 */
abstract class ElementwiseLayer extends RateLayer {

    /** [rows, size] {@code ∂z/∂h} of the last forward. */
    protected double[] derivative = new double[0];

    ElementwiseLayer(int size) {
        super(size);
    }

    @Override
    protected final void grow(int rows) {
        derivative = new double[rows * size];
    }

    @Override
    protected final void computeVjp(int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset) {
        int off = row * size;
        for (int i = 0; i < size; i++) {
            gradDrive[gradDriveOffset + i] = derivative[off + i] * gradOut[gradOutOffset + i];
        }
    }
}

package org.engram.neuron.rate;

import org.engram.numerics.activation.ReluLayerNorm;

/** A layer of {@code z = LN(ReLU(h))} units; keeps h, z and 1/s of the last forward for the VJP. */
final class ReluLayerNormLayer extends RateLayer {

    private final double epsilon;
    private double[] drive = new double[0];
    private double[] activity = new double[0];
    private double[] invStd = new double[0];

    ReluLayerNormLayer(int size, double epsilon) {
        super(size);
        this.epsilon = epsilon;
    }

    @Override
    protected void grow(int rows) {
        drive = new double[rows * size];
        activity = new double[rows * size];
        invStd = new double[rows];
    }

    @Override
    protected void compute(double[] h, double[] out, int rows) {
        // copy first: the caller may reuse or alias its arrays before asking for the VJP
        System.arraycopy(h, 0, drive, 0, rows * size);
        for (int r = 0; r < rows; r++) {
            int off = r * size;
            invStd[r] = ReluLayerNorm.forward(drive, off, activity, off, size, epsilon);
            System.arraycopy(activity, off, out, off, size);
        }
    }

    @Override
    protected void computeVjp(int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset) {
        int off = row * size;
        ReluLayerNorm.vjp(drive, off, activity, off, invStd[row], gradOut, gradOutOffset, gradDrive, gradDriveOffset, size);
    }
}

package org.engram.neuron.rate;

/** {@code z = h}: the output (logit) layer. The VJP passes the cotangent through unchanged. */
final class LinearLayer extends RateLayer {

    LinearLayer(int size) {
        super(size);
    }

    @Override
    protected void grow(int rows) {
        // the Jacobian is the identity: nothing to keep
    }

    @Override
    protected void compute(double[] h, double[] out, int rows) {
        System.arraycopy(h, 0, out, 0, rows * size);
    }

    @Override
    protected void computeVjp(int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset) {
        System.arraycopy(gradOut, gradOutOffset, gradDrive, gradDriveOffset, size);
    }
}

package org.engram.neuron.rate;

import org.engram.api.Shape;
import org.engram.numerics.activation.ReluLayerNorm;

/**
 * A layer of {@code z = LN(ReLU(h))} units; keeps h, z and 1/s of the last forward for the VJP. On a feature map
 * (channels × height × width) LayerNorm runs over the channels of each pixel (spec §1(b)), on a flat layer over
 * all its units.
 */
final class ReluLayerNormLayer extends RateLayer {

    private final double epsilon;
    private double[] drive = new double[0];
    private double[] activity = new double[0];
    private double[] invStd = new double[0];

    /** Values normalised together (channels), and how many such groups a row has (pixels), one stride apart. */
    private final int channels;
    private final int pixels;

    ReluLayerNormLayer(Shape shape, double epsilon) {
        super(shape.size());
        this.epsilon = epsilon;
        this.channels = shape.channels();
        this.pixels = shape.pixels();
    }

    @Override
    protected void grow(int rows) {
        drive = new double[rows * size];
        activity = new double[rows * size];
        invStd = new double[rows * pixels];
    }

    @Override
    protected void compute(double[] h, double[] out, int rows) {
        // copy first: the caller may reuse or alias its arrays before asking for the VJP
        System.arraycopy(h, 0, drive, 0, rows * size);
        for (int r = 0; r < rows; r++) {
            int off = r * size;
            for (int p = 0; p < pixels; p++) {
                invStd[r * pixels + p] = ReluLayerNorm.forward(drive, off + p, activity, off + p, channels, pixels, epsilon);
            }
            System.arraycopy(activity, off, out, off, size);
        }
    }

    @Override
    protected void computeVjp(int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset) {
        int off = row * size;
        for (int p = 0; p < pixels; p++) {
            ReluLayerNorm.vjp(drive, off + p, activity, off + p, invStd[row * pixels + p], gradOut, gradOutOffset + p,
                    gradDrive, gradDriveOffset + p, channels, pixels);
        }
    }
}

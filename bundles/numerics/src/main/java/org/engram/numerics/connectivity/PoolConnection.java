package org.engram.numerics.connectivity;

import org.engram.api.Shape;
import org.engram.api.compute.ComputeBackend;

/**
 * Non-overlapping {@code size × size} pooling per channel, stride {@code size}, no weights: the mean
 * (each input of a window gets {@code 1/size²} of its cotangent) or the maximum (the first maximal input gets
 * all of it).
 */
public final class PoolConnection extends LaidOutConnection {

    /** How a window is reduced. */
    public enum Mode { AVERAGE, MAX }

    private final int size;
    private final Mode mode;

    public PoolConnection(Shape input, int size, Mode mode) {
        super(input, outputShape(input, size, mode), 0, 0);
        this.size = size;
        this.mode = mode;
    }

    /** {@code C × H/size × W/size}; refuses a window that does not divide the input. */
    private static Shape outputShape(Shape input, int size, Mode mode) {
        String name = mode == Mode.AVERAGE ? "avg-pool" : "max-pool";
        if (size < 1) {
            throw new IllegalArgumentException(name + " size must be at least 1, got " + size);
        }
        if (!input.isImage()) {
            throw new IllegalArgumentException(name + " needs an image input (channels × height × width), but its input is a flat "
                    + "vector of " + input.size() + " values; put it after a conv2d layer or on an image dataset");
        }
        if (input.height() % size != 0 || input.width() % size != 0) {
            throw new IllegalArgumentException(name + " of size " + size + " does not divide its input " + input.height() + "×"
                    + input.width() + "; pick a size that divides both, or change the layer below (padding, stride) so it does");
        }
        return new Shape(input.channels(), input.height() / size, input.width() / size);
    }





    @Override
    public int fanIn() {
        return size * size;
    }

    @Override
    public void forward(ComputeBackend backend, double[] in, int inputOffset, int rows, double[] drive) {
        int w = input.width();
        int outH = output.height();
        int outW = output.width();
        double scale = 1.0 / (size * size);
        int o = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < input.channels(); c++) {
                int plane = inputOffset + r * input.size() + c * input.pixels();
                for (int y = 0; y < outH; y++) {
                    for (int x = 0; x < outW; x++, o++) {
                        int corner = plane + y * size * w + x * size;
                        if (mode == Mode.AVERAGE) {
                            double sum = 0.0;
                            for (int i = 0; i < size; i++) {
                                for (int j = 0; j < size; j++) {
                                    sum += in[corner + i * w + j];
                                }
                            }
                            drive[o] = sum * scale;
                        } else {
                            drive[o] = in[argMax(in, corner, w)];
                        }
                    }
                }
            }
        }
    }

    @Override
    public void weightGradient(ComputeBackend backend, double[] in, int inputOffset, double[] delta, int deltaOffset, int rows,
            double[] weightGradient, double[] biasGradient) {
        // no weights: nothing to fill
    }

    @Override
    public void inputGradient(ComputeBackend backend, double[] in, int inputOffset, double[] delta, int deltaOffset, int rows,
            double[] inputGradient) {
        int w = input.width();
        int outH = output.height();
        int outW = output.width();
        double scale = 1.0 / (size * size);
        java.util.Arrays.fill(inputGradient, 0, rows * input.size(), 0.0);
        int o = deltaOffset;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < input.channels(); c++) {
                int plane = r * input.size() + c * input.pixels();
                for (int y = 0; y < outH; y++) {
                    for (int x = 0; x < outW; x++, o++) {
                        int corner = plane + y * size * w + x * size;
                        if (mode == Mode.AVERAGE) {
                            double share = delta[o] * scale;
                            for (int i = 0; i < size; i++) {
                                for (int j = 0; j < size; j++) {
                                    inputGradient[corner + i * w + j] = share;
                                }
                            }
                        } else {
                            inputGradient[argMax(in, inputOffset + corner, w) - inputOffset] = delta[o];
                        }
                    }
                }
            }
        }
    }

    /** Index of the first maximum of the window whose top-left input is at {@code corner}. */
    private int argMax(double[] in, int corner, int w) {
        int best = corner;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                int k = corner + i * w + j;
                if (in[k] > in[best]) {
                    best = k;
                }
            }
        }
        return best;
    }
}

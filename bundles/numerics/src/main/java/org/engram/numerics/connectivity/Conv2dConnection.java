package org.engram.numerics.connectivity;

import java.util.Arrays;
import org.engram.api.Shape;
import org.engram.api.compute.ComputeBackend;

/**
 * A 2-D convolution (cross-correlation, as in Flax and PyTorch) with zero padding:
 * {@code h[o, y, x] = b[o] + Σ_{c,i,j} K[o, c, i, j] · in[c, y·s + i − p, x·s + j − p]}, weights K
 * [outChannels, inChannels, k, k]. Each row is unrolled into its patch matrix (im2col, [C_in·k·k, H_out·W_out]) once,
 * and the three products are single GEMMs of the backend: {@code H = K·cols}, {@code ∂K = Σ_r δ_r·cols_rᵀ},
 * {@code ∂cols = Kᵀ·δ}, folded back onto the input (col2im).
 */
public final class Conv2dConnection extends LaidOutConnection {

    private final int kernel;
    private final int stride;
    private final int padding;
    private final int patch;
    private final int positions;
    /** [patch, positions]: one row's patches. */
    private final double[] columns;
    /** [patch, positions]: the cotangent on them. */
    private final double[] columnGradient;

    public Conv2dConnection(Shape input, int outChannels, int kernel, int stride, int padding) {
        super(input, outputShape(input, outChannels, kernel, stride, padding),
                outChannels * input.channels() * kernel * kernel, outChannels);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.patch = input.channels() * kernel * kernel;
        this.positions = output.pixels();
        this.columns = new double[patch * positions];
        this.columnGradient = new double[patch * positions];
    }

    /** {@code channels × H_out × W_out}, {@code H_out = (H + 2p − k)/s + 1}; refuses what cannot be convolved. */
    private static Shape outputShape(Shape input, int outChannels, int kernel, int stride, int padding) {
        if (outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("conv2d needs channels, kernel and stride of at least 1 and padding of at least 0; got "
                    + "channels " + outChannels + ", kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
        if (!input.isImage()) {
            throw new IllegalArgumentException("conv2d needs an image input (channels × height × width), but its input is a flat "
                    + "vector of " + input.size() + " values; use it on an image dataset (mnist, fashion-mnist, cifar10) or "
                    + "after another conv2d or pooling layer, not after a dense layer");
        }
        if (kernel > input.height() + 2 * padding || kernel > input.width() + 2 * padding) {
            throw new IllegalArgumentException("conv2d kernel " + kernel + "×" + kernel + " is larger than its input "
                    + input.height() + "×" + input.width() + " with padding " + padding + "; use a smaller kernel or more padding");
        }
        int height = (input.height() + 2 * padding - kernel) / stride + 1;
        int width = (input.width() + 2 * padding - kernel) / stride + 1;
        return new Shape(outChannels, height, width);
    }





    @Override
    public int fanIn() {
        return patch;
    }

    @Override
    public void forward(ComputeBackend backend, double[] in, int inputOffset, int rows, double[] drive) {
        int inSize = input.size();
        int outSize = output.size();
        int channels = output.channels();
        for (int r = 0; r < rows; r++) {
            unroll(in, inputOffset + r * inSize);
            int off = r * outSize;
            for (int o = 0; o < channels; o++) {
                Arrays.fill(drive, off + o * positions, off + (o + 1) * positions, bias[o]);
            }
            // H [C_out, P] = K [C_out, patch] · cols [patch, P] + b
            backend.gemm(false, false, channels, positions, patch, 1.0, weights, 0, columns, 0, 1.0, drive, off);
        }
    }

    @Override
    public void weightGradient(ComputeBackend backend, double[] in, int inputOffset, double[] delta, int deltaOffset, int rows,
            double[] weightGradient, double[] biasGradient) {
        int inSize = input.size();
        int outSize = output.size();
        int channels = output.channels();
        Arrays.fill(biasGradient, 0.0);
        for (int r = 0; r < rows; r++) {
            unroll(in, inputOffset + r * inSize);
            int off = deltaOffset + r * outSize;
            // ∂K [C_out, patch] (+)= δ [C_out, P] · colsᵀ [P, patch]
            backend.gemm(false, true, channels, patch, positions, 1.0, delta, off, columns, 0, r == 0 ? 0.0 : 1.0,
                    weightGradient, 0);
            for (int o = 0; o < channels; o++) {
                double sum = 0.0;
                int base = off + o * positions;
                for (int p = 0; p < positions; p++) {
                    sum += delta[base + p];
                }
                biasGradient[o] += sum;
            }
        }
    }

    @Override
    public void inputGradient(ComputeBackend backend, double[] in, int inputOffset, double[] delta, int deltaOffset, int rows,
            double[] inputGradient) {
        int inSize = input.size();
        int outSize = output.size();
        for (int r = 0; r < rows; r++) {
            // ∂cols [patch, P] = Kᵀ [patch, C_out] · δ [C_out, P]
            backend.gemm(true, false, patch, positions, output.channels(), 1.0, weights, 0, delta, deltaOffset + r * outSize,
                    0.0, columnGradient, 0);
            fold(inputGradient, r * inSize);
        }
    }

    /** im2col: {@code columns[(c·k + i)·k + j, y·W_out + x] = in[c, y·s + i − p, x·s + j − p]}, 0 outside. */
    private void unroll(double[] in, int offset) {
        int h = input.height();
        int w = input.width();
        int outH = output.height();
        int outW = output.width();
        int row = 0;
        for (int c = 0; c < input.channels(); c++) {
            int plane = offset + c * h * w;
            for (int i = 0; i < kernel; i++) {
                for (int j = 0; j < kernel; j++, row++) {
                    int dst = row * positions;
                    for (int y = 0; y < outH; y++) {
                        int iy = y * stride + i - padding;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(columns, dst + y * outW, dst + (y + 1) * outW, 0.0);
                            continue;
                        }
                        int src = plane + iy * w;
                        int d = dst + y * outW;
                        for (int x = 0; x < outW; x++) {
                            int ix = x * stride + j - padding;
                            columns[d + x] = ix >= 0 && ix < w ? in[src + ix] : 0.0;
                        }
                    }
                }
            }
        }
    }

    /** col2im: adds each patch entry's cotangent onto the input position it was read from. */
    private void fold(double[] gradient, int offset) {
        int h = input.height();
        int w = input.width();
        int outH = output.height();
        int outW = output.width();
        Arrays.fill(gradient, offset, offset + input.size(), 0.0);
        int row = 0;
        for (int c = 0; c < input.channels(); c++) {
            int plane = offset + c * h * w;
            for (int i = 0; i < kernel; i++) {
                for (int j = 0; j < kernel; j++, row++) {
                    int src = row * positions;
                    for (int y = 0; y < outH; y++) {
                        int iy = y * stride + i - padding;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int dst = plane + iy * w;
                        int s = src + y * outW;
                        for (int x = 0; x < outW; x++) {
                            int ix = x * stride + j - padding;
                            if (ix >= 0 && ix < w) {
                                gradient[dst + ix] += columnGradient[s + x];
                            }
                        }
                    }
                }
            }
        }
    }
}

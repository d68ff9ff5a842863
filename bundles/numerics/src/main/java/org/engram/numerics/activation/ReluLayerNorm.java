package org.engram.numerics.activation;

/**
 * {@code z = LN(ReLU(h))} over one row of units and its vector-Jacobian product (spec §1.2, §2.6):
 * LayerNorm without learnable scale or bias, population variance, {@code s = sqrt(var(a) + eps)}.
 * Plain static loops so the caller owns every buffer.
 */
public final class ReluLayerNorm {

    private ReluLayerNorm() {
    }

    /**
     * @param pre  [n] at {@code preOff}: the pre-activation h
     * @param z    [n] at {@code zOff}: receives the normalised activity
     * @return {@code 1/s}, which the VJP needs
     */
    public static double forward(double[] pre, int preOff, double[] z, int zOff, int n, double epsilon) {
        return forward(pre, preOff, z, zOff, n, 1, epsilon);
    }

    /**
     * Over {@code n} values {@code stride} apart: the channels of one pixel of a channel-major feature map
     * (stride = pixels per channel), or a row of units (stride 1).
     *
     * @return {@code 1/s}, which the VJP needs
     */
    public static double forward(double[] pre, int preOff, double[] z, int zOff, int n, int stride, double epsilon) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += Math.max(pre[preOff + i * stride], 0.0);
        }
        mean /= n;
        // two passes: the one-pass E[a^2] - E[a]^2 loses digits when the mean is large
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.max(pre[preOff + i * stride], 0.0) - mean;
            var += d * d;
        }
        var /= n;
        double invStd = 1.0 / Math.sqrt(var + epsilon);
        for (int i = 0; i < n; i++) {
            z[zOff + i * stride] = (Math.max(pre[preOff + i * stride], 0.0) - mean) * invStd;
        }
        return invStd;
    }

    /**
     * {@code gradPre = 1[h > 0] ⊙ (1/s)(g − mean(g) − z · mean(g ⊙ z))}. {@code g} and
     * {@code gradPre} may be the same slice: the means are taken before anything is written.
     */
    public static void vjp(double[] pre, int preOff, double[] z, int zOff, double invStd,
            double[] g, int gOff, double[] gradPre, int gradOff, int n) {
        vjp(pre, preOff, z, zOff, invStd, g, gOff, gradPre, gradOff, n, 1);
    }

    /** {@link #vjp(double[], int, double[], int, double, double[], int, double[], int, int)} over values {@code stride} apart. */
    public static void vjp(double[] pre, int preOff, double[] z, int zOff, double invStd,
            double[] g, int gOff, double[] gradPre, int gradOff, int n, int stride) {
        double meanG = 0;
        double meanGz = 0;
        for (int i = 0; i < n; i++) {
            double gi = g[gOff + i * stride];
            meanG += gi;
            meanGz += gi * z[zOff + i * stride];
        }
        meanG /= n;
        meanGz /= n;
        for (int i = 0; i < n; i++) {
            int k = i * stride;
            gradPre[gradOff + k] = pre[preOff + k] > 0.0
                    ? invStd * (g[gOff + k] - meanG - z[zOff + k] * meanGz)
                    : 0.0;
        }
    }
}

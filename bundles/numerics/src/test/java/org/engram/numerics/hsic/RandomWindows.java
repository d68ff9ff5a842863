package org.engram.numerics.hsic;

import java.util.SplittableRandom;
import org.engram.numerics.network.Initializers;

/** Random windows like spec §2.4's check: inputs in [−1, 1], one-hot labels, LayerNorm-like activity. */
final class RandomWindows {
    private RandomWindows() {
    }

    /** [n, dim] uniform in [−1, 1]. */
    static double[] inputs(int n, int dim, SplittableRandom random) {
        double[] x = new double[n * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2.0 * random.nextDouble() - 1.0;
        }
        return x;
    }

    /** [n, classes] one-hot rows of uniformly drawn classes. */
    static double[] oneHot(int n, int classes, SplittableRandom random) {
        double[] y = new double[n * classes];
        for (int r = 0; r < n; r++) {
            y[r * classes + random.nextInt(classes)] = 1.0;
        }
        return y;
    }

    /** [n, dim] Gaussian rows normalised to zero mean and unit variance, as LayerNorm output. */
    static double[] layerNormLike(int n, int dim, SplittableRandom random) {
        double[] z = new double[n * dim];
        for (int r = 0; r < n; r++) {
            double mean = 0.0;
            for (int i = 0; i < dim; i++) {
                z[r * dim + i] = Initializers.gaussian(random);
                mean += z[r * dim + i];
            }
            mean /= dim;
            double var = 0.0;
            for (int i = 0; i < dim; i++) {
                z[r * dim + i] -= mean;
                var += z[r * dim + i] * z[r * dim + i];
            }
            double s = Math.sqrt(var / dim);
            for (int i = 0; i < dim; i++) {
                z[r * dim + i] /= s;
            }
        }
        return z;
    }

    static double cosine(double[] a, double[] b) {
        double ab = 0.0;
        double aa = 0.0;
        double bb = 0.0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** ‖a − b‖ / ‖b‖. */
    static double relativeError(double[] a, double[] b) {
        double diff = 0.0;
        double norm = 0.0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }
}

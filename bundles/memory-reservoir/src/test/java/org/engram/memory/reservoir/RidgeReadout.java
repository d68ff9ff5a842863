package org.engram.memory.reservoir;

import org.engram.testkit.SignalStream;

/**
 * The best linear readout of recorded features, for the experiment driver: ridge regression in dual form
 * (an n×n system, as there are fewer samples than reservoir units), with an intercept, its penalty chosen
 * on the last fifth of the training rows, then refitted on all of them. Scores NMSE on held-out rows. It is
 * an open-loop bound: the features were recorded under the reservoir's own readout, whose output feeds back.
 */
final class RidgeReadout {
    private static final double[] PENALTIES = {1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0};

    private RidgeReadout() {
    }

    /**
     * @param x      [rows, p] features, training rows first
     * @param y      [rows, d] targets
     * @param train  number of training rows; the rest are scored
     * @return NMSE on the scored rows
     */
    static double heldOutNmse(double[] x, double[] y, int rows, int p, int d, int train) {
        double[] xc = x.clone();
        double[] yc = y.clone();
        centre(xc, rows, p, train);
        double[] yMean = centre(yc, rows, d, train);
        double[] gram = gram(xc, rows, p);
        int fit = train * 4 / 5;
        double bestPenalty = PENALTIES[0];
        double best = Double.POSITIVE_INFINITY;
        double scale = 0.0;
        for (int i = 0; i < train; i++) {
            scale += gram[i * rows + i];
        }
        scale /= train;
        for (double penalty : PENALTIES) {
            double v = nmse(gram, yc, y, yMean, rows, d, 0, fit, fit, train, penalty * scale);
            if (v < best) {
                best = v;
                bestPenalty = penalty;
            }
        }
        return nmse(gram, yc, y, yMean, rows, d, 0, train, train, rows, bestPenalty * scale);
    }

    /** Fits on rows [from, to), predicts rows [testFrom, testTo) and scores them against the raw targets. */
    private static double nmse(double[] gram, double[] yc, double[] y, double[] yMean, int rows, int d, int from, int to,
            int testFrom, int testTo, double penalty) {
        int n = to - from;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = gram[(from + i) * rows + from + j];
            }
            a[i * n + i] += penalty;
        }
        double[] c = new double[n * d];
        System.arraycopy(yc, from * d, c, 0, n * d);
        Ridge.choleskySolve(a, c, n, d);
        SignalStream.Score score = new SignalStream.Score(d);
        double[] prediction = new double[d];
        double[] target = new double[d];
        for (int t = testFrom; t < testTo; t++) {
            for (int k = 0; k < d; k++) {
                double s = yMean[k];
                for (int i = 0; i < n; i++) {
                    s += gram[t * rows + from + i] * c[i * d + k];
                }
                prediction[k] = s;
                target[k] = y[t * d + k];
            }
            score.add(prediction, target);
        }
        return score.nmse();
    }

    /** Subtracts the training rows' column means from every row; returns the means. */
    private static double[] centre(double[] m, int rows, int cols, int train) {
        double[] mean = new double[cols];
        for (int i = 0; i < train; i++) {
            for (int j = 0; j < cols; j++) {
                mean[j] += m[i * cols + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            mean[j] /= train;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i * cols + j] -= mean[j];
            }
        }
        return mean;
    }

    private static double[] gram(double[] x, int rows, int p) {
        double[] g = new double[rows * rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0.0;
                for (int k = 0; k < p; k++) {
                    s += x[i * p + k] * x[j * p + k];
                }
                g[i * rows + j] = s;
                g[j * rows + i] = s;
            }
        }
        return g;
    }
}

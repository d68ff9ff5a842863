package org.engram.rule.phsic;

import org.engram.api.param.Parameters;

/**
 * The pHSIC rule's own parameters, read once per trial.
 *
 * @param mode        the two-sample online rule or the minibatch rule
 * @param batchSize   minibatch length in {@link Mode#BATCH}
 * @param gamma       weight γ of the label term in {@code pHSIC(Z,Z) − γ pHSIC(Y,Z)}
 * @param sigmaZ      bandwidth of the activity kernel, not scaled by the layer width
 * @param labelKernel the label kernel
 * @param sigmaY      bandwidth of the Gaussian label kernel
 * @param meanDecay   decay of the running kernel means in {@link Mode#TWO_SAMPLE}
 */
record PhsicSettings(Mode mode, int batchSize, double gamma, double sigmaZ, LabelKernel labelKernel, double sigmaY,
        double meanDecay) {

    static final String MODE = "mode";
    static final String BATCH_SIZE = "batchSize";
    static final String GAMMA = "gamma";
    static final String SIGMA_Z = "sigmaZ";
    static final String LABEL_KERNEL = "labelKernel";
    static final String SIGMA_Y = "sigmaY";
    static final String MEAN_DECAY = "meanDecay";

    /** How many samples one update sees. */
    enum Mode {
        /** m = 2: the current and the previous sample, sliding by one; running kernel means (spec §4.1). */
        TWO_SAMPLE,
        /** m = batchSize: non-overlapping minibatches, exact in-batch kernel means (Pogodin and Latham). */
        BATCH
    }

    /** The kernel on labels. */
    enum LabelKernel {
        /** Cosine similarity of centred one-hot labels {@code y − 1/C} (Pogodin and Latham; spec §4.1). */
        COSINE,
        /** {@code exp(−‖y − y′‖² / 2σ_y²)} on one-hot labels, σ_y not scaled by the number of classes. */
        GAUSSIAN;

        /**
         * The kernel between labels of two different classes; between equal labels both kernels are 1.
         * Cosine: {@code (e_a − u)·(e_b − u) / ‖e_a − u‖² = (−1/C) / (1 − 1/C) = −1/(C−1)}, u = 1/C.
         * Gaussian: {@code ‖e_a − e_b‖² = 2}.
         */
        double betweenClasses(int classes, double sigmaY) {
            if (classes < 2) {
                throw new IllegalArgumentException("pHSIC needs at least 2 classes, got " + classes);
            }
            return switch (this) {
                case COSINE -> -1.0 / (classes - 1);
                case GAUSSIAN -> Math.exp(-1.0 / (sigmaY * sigmaY));
            };
        }
    }

    static PhsicSettings from(Parameters p) {
        return new PhsicSettings(p.getEnum(MODE, Mode.class), p.getInt(BATCH_SIZE), p.getDouble(GAMMA), p.getDouble(SIGMA_Z),
                p.getEnum(LABEL_KERNEL, LabelKernel.class), p.getDouble(SIGMA_Y), p.getDouble(MEAN_DECAY));
    }

    /** Samples per update: 2, or the minibatch. */
    int windowLength() {
        return mode == Mode.TWO_SAMPLE ? 2 : batchSize;
    }

    /** Samples the window advances per update: 1 (each sample pairs with its predecessor), or the whole minibatch. */
    int stride() {
        return mode == Mode.TWO_SAMPLE ? 1 : batchSize;
    }
}

package org.engram.rule.phsic;

import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterGroup;
import org.engram.api.param.ParameterSet;
import org.engram.numerics.optim.LearningRateSchedule;
import org.engram.numerics.optim.OptimizerSettings;

/**
 * The pHSIC rule's parameters, declared once and read once per trial.
 *
 * @param mode        the two-sample online rule or the minibatch rule
 * @param batchSize   minibatch length in {@link Mode#BATCH}
 * @param gamma       weight γ of the label term in {@code pHSIC(Z,Z) − γ pHSIC(Y,Z)}
 * @param sigmaZ      bandwidth of the activity kernel, not scaled by the layer width
 * @param labelKernel the label kernel
 * @param sigmaY      bandwidth of the Gaussian label kernel
 * @param meanDecay   decay of the running kernel means in {@link Mode#TWO_SAMPLE}
 * @param optimizer   how the weights are updated
 */
record PhsicSettings(
        @Parameter(defaultValue = "TWO_SAMPLE",
                description = "TWO_SAMPLE: the online rule on the current and previous sample, one update per sample, running kernel means;"
                        + " BATCH: pHSIC over non-overlapping minibatches of batchSize samples, exact in-batch means")
        Mode mode,
        @Parameter(defaultValue = "" + PhsicRule.DEFAULT_BATCH_SIZE, min = 2,
                description = "minibatch length in BATCH mode, the IB rule's MNIST window (Pogodin and Latham used 256 with a"
                        + " larger learning rate); unused in TWO_SAMPLE mode [samples]")
        int batchSize,
        @Parameter(defaultValue = "2.0", min = 0.0,
                description = "weight γ of the label term in pHSIC(Z,Z) − γ·pHSIC(Y,Z) [dimensionless]")
        double gamma,
        @Parameter(defaultValue = "5.0", min = 1e-9,
                description = "bandwidth σ_z of the Gaussian activity kernel exp(−‖z−z′‖²/2σ_z²), NOT scaled by the layer width"
                        + " [activity units]")
        double sigmaZ,
        @Parameter(defaultValue = "COSINE",
                description = "COSINE: cosine similarity of centred one-hot labels y − 1/C (Pogodin and Latham);"
                        + " GAUSSIAN: exp(−‖y−y′‖²/2σ_y²) on one-hot labels")
        LabelKernel labelKernel,
        @Parameter(defaultValue = "0.5", min = 1e-9,
                description = "bandwidth σ_y of the GAUSSIAN label kernel, not scaled; 0.5 gives e^-4 between classes [label units]")
        double sigmaY,
        @Parameter(defaultValue = "0.99", min = 0.0, max = 1.0 - 1e-12,
                description = "TWO_SAMPLE mode: decay per sample of the running averages k̄ of the 2×2 kernel means;"
                        + " 0 uses the pair's own mean (1+k)/2, the exact two-sample gradient [per sample]")
        double meanDecay,
        @ParameterGroup(defaults = "learningRate=" + PhsicRule.DEFAULT_LEARNING_RATE) OptimizerSettings optimizer,
        @ParameterGroup LearningRateSchedule schedule) {

    static final ParameterSet<PhsicSettings> PARAMETERS = ParameterSet.of(PhsicSettings.class);

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

    /** Samples per update: 2, or the minibatch. */
    int windowLength() {
        return mode == Mode.TWO_SAMPLE ? 2 : batchSize;
    }

    /** Samples the window advances per update: 1 (each sample pairs with its predecessor), or the whole minibatch. */
    int stride() {
        return mode == Mode.TWO_SAMPLE ? 1 : batchSize;
    }
}

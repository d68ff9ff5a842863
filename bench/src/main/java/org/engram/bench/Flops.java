package org.engram.bench;

/** Floating-point operations of one learning step, counted from the shapes (no measurement). */
final class Flops {
    /** AdamW per parameter: two moment updates, bias corrections, sqrt, division, decay, update. */
    static final double ADAMW_PER_PARAMETER = 15;

    private Flops() {
    }

    /**
     * IB-Hebbian: forward of N rows (RECOMPUTE) or one (STORED); the rank-one hidden gradients δ⊗x; the output
     * layer's window gradient Σ_j δ_j⊗z_j; AdamW over every parameter; the kernel rows (small). Backprop: forward,
     * weight gradients and input cotangents (none below the first layer) of B rows, AdamW. Two-sample pHSIC: forward
     * and weight gradients of the pair, AdamW.
     *
     * @param sizes input, hidden widths, classes
     */
    static double perStep(TrialSetup setup, int[] sizes) {
        double macsPerRow = 0;
        for (int l = 1; l < sizes.length; l++) {
            macsPerRow += (double) sizes[l - 1] * sizes[l];
        }
        long params = EpochBench.params(sizes);
        int n = setup.window();
        int layers = sizes.length - 1;
        double flops = ADAMW_PER_PARAMETER * params;
        if (setup.isIb()) {
            int rows = setup.past().equals("STORED") ? 1 : n;
            flops += 2 * rows * macsPerRow;
            for (int l = 1; l < layers; l++) {
                flops += (double) sizes[l - 1] * sizes[l]; // δ_i·x_j
                flops += 3.0 * n * sizes[l]; // kernel row of z
            }
            flops += 2.0 * n * sizes[layers - 1] * sizes[layers]; // output window gradient
            flops += 3.0 * n * sizes[0]; // new row of K_x
        } else if (setup.rule().equals("phsic")) {
            // two-sample pHSIC: the pair's forward and each layer's own rank-2 weight gradient, no cotangents between layers
            flops += 2 * n * macsPerRow;
            flops += 2 * n * macsPerRow;
        } else {
            double firstLayer = (double) sizes[0] * sizes[1];
            flops += 2 * n * macsPerRow; // forward
            flops += 2 * n * macsPerRow; // weight gradients
            flops += 2 * n * (macsPerRow - firstLayer); // input cotangents
        }
        return flops;
    }
}

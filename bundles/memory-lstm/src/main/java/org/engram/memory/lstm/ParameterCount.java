package org.engram.memory.lstm;

/**
 * Parameter counts for comparing the gated memory with a reservoir of equal size. An LSTM with m inputs,
 * H hidden units and d outputs has {@code 4H(m + H + 1) + d(H + 1)} parameters: four gates, each with
 * input weights, recurrent weights and a bias, and a linear readout with a bias. A reservoir of N_h units
 * holds {@code p·N_h² + N_h·m + 2·N_h·d} weights: the expected nonzero recurrent weights at connection
 * probability p, W_in, W_fb and the trained W_out (its other weights are fixed, but they are memory too).
 */
final class ParameterCount {

    private ParameterCount() {
    }

    static long lstm(int inputs, int hidden, int outputs) {
        return 4L * hidden * ((long) inputs + hidden + 1) + (long) outputs * (hidden + 1);
    }

    static long reservoir(int units, int inputs, int outputs, double connectivity) {
        return Math.round(connectivity * units * (double) units) + (long) units * inputs + 2L * units * outputs;
    }

    /** The H ≥ 1 whose LSTM count is nearest {@code target} (the smaller H on a tie). */
    static int matchingHiddenUnits(long target, int inputs, int outputs) {
        // 4H² + (4(m + 1) + d)H + d − target = 0
        double b = 4.0 * (inputs + 1) + outputs;
        double root = (-b + Math.sqrt(b * b + 16.0 * (target - outputs))) / 8.0;
        int best = 1;
        long bestGap = Long.MAX_VALUE;
        for (long h = Math.max(1, (long) Math.floor(root) - 1); h <= Math.max(1, (long) Math.ceil(root) + 1); h++) {
            long gap = Math.abs(lstm(inputs, (int) h, outputs) - target);
            if (gap < bestGap) {
                bestGap = gap;
                best = (int) h;
            }
        }
        return best;
    }
}

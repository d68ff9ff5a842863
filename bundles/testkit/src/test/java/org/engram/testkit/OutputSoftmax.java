package org.engram.testkit;

import org.engram.api.network.Network;
import org.engram.api.network.Window;

/** The softmax both sample delta rules start from, so that they differ only in how they step the output layer. */
final class OutputSoftmax {

    private OutputSoftmax() {
    }

    /**
     * Forwards the window's current sample and writes {@code exp(logit − largest logit)} of each class into
     * {@code exps} (shifted so that no exponential overflows).
     *
     * @return the sum of {@code exps}, which divides them into probabilities
     */
    static double ofCurrentSample(Network network, Window window, double[] exps) {
        network.forward(window.inputs(), 1);
        double[] logits = network.layer(network.layerCount() - 1).activity();
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < exps.length; c++) {
            max = Math.max(max, logits[c]);
        }
        double sum = 0;
        for (int c = 0; c < exps.length; c++) {
            exps[c] = Math.exp(logits[c] - max);
            sum += exps[c];
        }
        return sum;
    }
}

package org.engram.engine;

import org.engram.api.network.Layer;
import org.engram.numerics.network.FeedForwardNetwork;

/**
 * Finds non-finite values in a network: the cheap check of the logits after every learning step, and, once a check
 * has failed, the search for the first value that went bad, in the order the forward pass computes them.
 */
final class NonFiniteSearch {

    private NonFiniteSearch() {
    }

    /** @throws NonFiniteValueException if the logits of the last forward step hold a NaN or an infinity */
    static void checkLogits(FeedForwardNetwork network) {
        double[] z = network.output();
        int bad = firstBad(z, network.rows() * network.outputSize());
        if (bad >= 0) {
            throw new NonFiniteValueException("the logits of the rule's last forward step (layer "
                    + (network.layerCount() - 1) + ")", network.layerCount() - 1, z[bad], bad);
        }
    }

    /**
     * The first non-finite value in the order the forward pass computes them (the input, then each layer's weights,
     * bias and activity), named with its plugin; null if there is none. May scan everything: it runs once a check failed.
     *
     * @param withActivity whether to look at the step's input and activities too, not only the weights and biases
     */
    static String firstNonFinite(ResolvedTrial trial, FeedForwardNetwork network, boolean withActivity) {
        int rows = network.rows();
        if (withActivity && rows > 0) {
            Layer first = network.layer(0);
            int bad = firstBad(first.input(), rows * first.inputSize());
            if (bad >= 0) {
                return "the input of the step (dataset " + trial.dataset().describe() + ") holds "
                        + first.input()[bad] + " at [" + bad / first.inputSize() + ", " + bad % first.inputSize() + "]";
            }
        }
        for (int l = 0; l < network.layerCount(); l++) {
            Layer layer = network.layer(l);
            int bad = firstBad(layer.weights(), layer.weights().length);
            if (bad >= 0) {
                return "layer " + l + " weights hold " + layer.weights()[bad] + " at [" + bad / layer.inputSize() + ", "
                        + bad % layer.inputSize() + "]";
            }
            bad = firstBad(layer.bias(), layer.bias().length);
            if (bad >= 0) {
                return "layer " + l + " bias holds " + layer.bias()[bad] + " at [" + bad + "]";
            }
            if (withActivity && rows > 0) {
                bad = firstBad(layer.activity(), rows * layer.size());
                if (bad >= 0) {
                    return "layer " + l + " activity (neuron " + trial.neurons().get(l).describe() + ") holds "
                            + layer.activity()[bad] + " at [" + bad / layer.size() + ", " + bad % layer.size() + "]";
                }
            }
        }
        return null;
    }

    /** Index of the first NaN or infinity among the first {@code n} values, or -1. */
    private static int firstBad(double[] a, int n) {
        int end = Math.min(n, a.length);
        for (int i = 0; i < end; i++) {
            if (!Double.isFinite(a[i])) {
                return i;
            }
        }
        return -1;
    }
}

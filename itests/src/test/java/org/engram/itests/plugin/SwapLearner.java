package org.engram.itests.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.engram.api.TrialContext;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.rule.Learner;

/** The delta rule (softmax cross-entropy) on the output layer only, on the current sample; reports its marker. */
final class SwapLearner implements Learner {

    private final Network network;
    private final double rate;
    private final int pauseMillis;
    private final boolean touchBundle;
    private final double marker;
    private final TrialContext context;
    private final double[] probabilities;

    SwapLearner(Network network, double rate, int pauseMillis, boolean touchBundle, double marker, TrialContext context) {
        this.network = network;
        this.rate = rate;
        this.pauseMillis = pauseMillis;
        this.touchBundle = touchBundle;
        this.marker = marker;
        this.context = context;
        this.probabilities = new double[network.outputSize()];
    }

    @Override
    public int windowLength() {
        return 1;
    }

    @Override
    public void learn(Window window) {
        network.forward(window.inputs(), 1);
        Layer out = network.layer(network.layerCount() - 1);
        double[] z = out.activity();
        int classes = out.size();
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, z[k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            probabilities[k] = Math.exp(z[k] - max);
            sum += probabilities[k];
        }
        double[] w = out.weights();
        double[] b = out.bias();
        double[] in = out.input();
        double[] targets = window.targets();
        int inputs = out.inputSize();
        for (int k = 0; k < classes; k++) {
            double error = targets[k] - probabilities[k] / sum;
            for (int j = 0; j < inputs; j++) {
                w[k * inputs + j] += rate * error * in[j];
            }
            b[k] += rate * error;
        }
        context.report(SwapRule.MARKER_METRIC, marker);
    }

    @Override
    public void endEpoch(int epoch) {
        if (touchBundle) {
            context.report(SwapRule.RESOURCE_METRIC, readMarkerResource());
        }
        if (pauseMillis > 0) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pausing after epoch " + epoch, e);
            }
        }
    }

    /** Through this class's own loader: the bundle revision that created the learner, not whatever is installed now. */
    private double readMarkerResource() {
        try (InputStream in = SwapLearner.class.getClassLoader().getResourceAsStream(SwapRule.MARKER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SwapRule.MARKER_RESOURCE + " is no longer readable from the bundle "
                        + "revision of rule marker " + marker);
            }
            return Double.parseDouble(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

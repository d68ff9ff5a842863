package org.engram.testkit;

import java.util.SplittableRandom;
import org.engram.api.data.SampleSet;
import org.engram.api.network.Network;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.rule.Learner;
import org.engram.numerics.network.SlidingWindow;

/**
 * The engine's training loop, for tests: each epoch streams the samples in a seeded random order
 * through a sliding window of the learner's length and calls {@link Learner#learn} once the window is
 * full and every {@link Learner#stride()} samples after that; then {@link Learner#endEpoch}.
 * {@link #accuracy} evaluates as the engine does.
 */
public final class TestTrainer {

    private TestTrainer() {
    }

    /**
     * Trains for {@code epochs} epochs.
     *
     * @param seed orders the samples of every epoch
     * @return the number of {@code learn} calls
     */
    public static long train(Learner learner, Network network, SampleSet samples, int epochs, long seed) {
        SplittableRandom order = new SplittableRandom(seed);
        int[] permutation = identity(samples.size());
        SlidingWindow window = new SlidingWindow(learner.windowLength(), samples.inputSize(), network.outputSize());
        int stride = Math.max(1, learner.stride());
        long calls = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            shuffle(permutation, order);
            window.clear();
            int sinceLearn = 0;
            for (int index : permutation) {
                window.push(samples, index, epoch);
                if (window.isFull() && ++sinceLearn >= stride) {
                    sinceLearn = 0;
                    learner.learn(window);
                    calls++;
                }
            }
            learner.endEpoch(epoch);
        }
        return calls;
    }

    /**
     * The fraction of {@code samples} the network classifies right: the arg-max of the output layer's
     * logits, averaged over its readout steps of a sample's time steps, from a fresh state per batch.
     */
    public static double accuracy(Network network, SampleSet samples) {
        int batch = 250;
        int in = samples.inputSize();
        int classes = network.outputSize();
        NeuronLayer output = network.layer(network.layerCount() - 1).neurons();
        int steps = network.stepsPerSample();
        int readout = Math.min(steps, Math.max(1, output.readoutSteps()));
        double[] x = new double[batch * in];
        double[] logits = new double[batch * classes];
        int correct = 0;
        for (int start = 0; start < samples.size(); start += batch) {
            int rows = Math.min(batch, samples.size() - start);
            for (int r = 0; r < rows; r++) {
                samples.copyInput(start + r, x, r * in);
            }
            java.util.Arrays.fill(logits, 0.0);
            network.resetState();
            for (int s = 0; s < steps; s++) {
                if (s == 0) {
                    network.forward(x, rows);
                } else {
                    network.forwardHeld(x, rows);
                }
                if (s >= steps - readout) {
                    double[] out = network.output();
                    for (int i = 0; i < rows * classes; i++) {
                        logits[i] += out[i];
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (logits[r * classes + c] > logits[r * classes + best]) {
                        best = c;
                    }
                }
                if (best == samples.label(start + r)) {
                    correct++;
                }
            }
        }
        network.resetState();
        return samples.size() == 0 ? Double.NaN : correct / (double) samples.size();
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

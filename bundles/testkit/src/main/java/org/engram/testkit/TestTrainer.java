package org.engram.testkit;

import java.util.SplittableRandom;
import org.engram.api.data.SampleSet;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.rule.Learner;
import org.engram.numerics.network.Evaluation;
import org.engram.numerics.network.SlidingWindow;
import org.engram.numerics.random.Permutations;

/**
 * The engine's training loop, for tests: each epoch streams the samples in a seeded random order
 * through a sliding window of the learner's length and calls {@link Learner#learn} once the window is
 * full and every {@link Learner#stride()} samples after that; then {@link Learner#endEpoch}.
 * {@link #accuracy} evaluates as the engine does (numerics' {@code Evaluation}, which both call).
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
        int[] permutation = Permutations.identity(samples.size());
        SlidingWindow window = new SlidingWindow(learner.windowLength(), samples.inputSize(), network.outputSize());
        int stride = Math.max(1, learner.stride());
        long calls = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            Permutations.shuffle(permutation, order);
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
        return Evaluation.accuracy(network, samples, samples.size());
    }

    /**
     * The network's mean softmax cross-entropy on the window's samples after one fresh forward of them: the loss a
     * gradient test differentiates by finite differences, or a learning test watches fall.
     */
    public static double meanCrossEntropy(Network network, Window window) {
        network.forward(window.inputs(), window.length());
        return crossEntropy(network.output(), window.labels(), window.length(), network.outputSize());
    }

    /**
     * {@code −(1/rows) Σ_r log softmax(logits_r)[label_r]}, written out without the usual shift by the largest logit,
     * so that it shares no code with the loss a rule computes for itself; fine for the small logits of a test.
     *
     * @param logits [rows, classes]
     * @param labels [rows] class indices
     */
    public static double crossEntropy(double[] logits, int[] labels, int rows, int classes) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[r * classes + c]);
            }
            loss -= Math.log(Math.exp(logits[r * classes + labels[r]]) / sum);
        }
        return loss / rows;
    }
}

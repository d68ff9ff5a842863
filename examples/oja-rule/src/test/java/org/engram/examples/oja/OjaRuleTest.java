package org.engram.examples.oja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.data.SampleSet;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.testkit.ReferenceBackend;
import org.engram.testkit.TestNetworks;
import org.engram.testkit.TestSamples;
import org.engram.testkit.TestTrainer;
import org.engram.testkit.TestTrialContext;
import org.engram.testkit.TestWindow;
import org.junit.jupiter.api.Test;

/** What the rule computes; the contract suite in OjaRuleContractTest checks how it behaves as a plugin. */
class OjaRuleTest {

    private final OjaRule rule = new OjaRule();

    private Learner learner(Network network, double ojaRate) {
        Parameters parameters = Parameters.resolve("test", rule.parameters(), Map.of("ojaRate", ojaRate));
        return rule.create(network, parameters, new TestTrialContext(1));
    }

    @Test
    void oneStepIsOjasSubspaceRuleOnTheHiddenLayer() {
        Network network = TestNetworks.small(3, 2, 7);
        Layer hidden = network.layer(0);
        double[] x = {0.5, -1.0, 2.0};
        network.forward(x, 1);
        double[] y = hidden.activity().clone();
        double[] w = hidden.weights().clone();
        int in = 3;

        learner(network, 0.1).learn(TestWindow.of(1, 3, 2).push(x, 1));

        // ΔW_ij = η y_i (x_j − Σ_k y_k W_kj), from the weights before the step
        for (int i = 0; i < hidden.size(); i++) {
            for (int j = 0; j < in; j++) {
                double reconstruction = 0;
                for (int k = 0; k < hidden.size(); k++) {
                    reconstruction += y[k] * w[k * in + j];
                }
                double expected = w[i * in + j] + 0.1 * y[i] * (x[j] - reconstruction);
                assertEquals(expected, hidden.weights()[i * in + j], 1e-12, "W[" + i + "," + j + "]");
            }
        }
    }

    /**
     * The classic property: a single linear unit trained by Oja's rule converges to the unit-length leading
     * eigenvector of the input covariance. Inputs here have standard deviation 3 along (1, 1)/√2 and 0.5
     * along (1, −1)/√2.
     */
    @Test
    void aLinearUnitConvergesToTheLeadingPrincipalComponent() {
        SplittableRandom random = new SplittableRandom(3);
        int count = 2000;
        double[][] inputs = new double[count][];
        int[] labels = new int[count];
        double s = Math.sqrt(0.5);
        for (int i = 0; i < count; i++) {
            double along = 3 * gaussian(random);
            double across = 0.5 * gaussian(random);
            inputs[i] = new double[] {s * (along + across), s * (along - across)};
            labels[i] = along > 0 ? 1 : 0;
        }
        SampleSet samples = TestSamples.of(inputs, labels);
        Network network = TestNetworks.dense(2, new NeuronLayer[] {TestNetworks.linear(1), TestNetworks.linear(2)},
                new ReferenceBackend(), 11);

        TestTrainer.train(learner(network, 0.002), network, samples, 5, 5);

        double[] w = network.layer(0).weights();
        double norm = Math.hypot(w[0], w[1]);
        double cosine = Math.abs(w[0] + w[1]) * s / norm;
        assertEquals(1.0, norm, 0.05, "length of the weight vector " + w[0] + ", " + w[1]);
        assertTrue(cosine > 0.99, "|cos| to the leading component: " + cosine);
    }

    @Test
    void classifiesSeparableBlobs() {
        SampleSet samples = TestSamples.blobs(3, 4, 300, 11);
        Network network = TestNetworks.small(4, 3, 5);

        TestTrainer.train(learner(network, 0.01), network, samples, 5, 5);

        double accuracy = TestTrainer.accuracy(network, samples);
        assertTrue(accuracy > 0.9, "accuracy after 5 epochs: " + accuracy);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }
}

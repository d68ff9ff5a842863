package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.engram.api.data.SampleSet;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.testkit.TestNetworks;
import org.engram.testkit.TestSamples;
import org.engram.testkit.TestTrainer;
import org.engram.testkit.TestTrialContext;
import org.engram.testkit.TestWindow;
import org.junit.jupiter.api.Test;

/** What the rule computes; the contract suite in ${className}ContractTest checks how it behaves as a plugin. */
class ${className}Test {

    private final ${className} rule = new ${className}();

    private Learner learner(Network network) {
        return rule.create(network, Parameters.defaults(rule.parameters()), new TestTrialContext(1));
    }

    @Test
    void oneStepIsTheDeltaRuleOnTheCurrentSample() {
        Network network = TestNetworks.small(2, 3, 7);
        Layer out = network.layer(network.layerCount() - 1);
        double[] x = {0.5, -1.0};
        int label = 2;
        // by hand: the hidden activity and logits before the step, then W -= lr (softmax - onehot) hidden^T
        network.forward(x, 1);
        double[] hidden = out.input().clone();
        double[] logits = out.activity().clone();
        double[] weights = out.weights().clone();
        double[] bias = out.bias().clone();
        double sum = 0;
        for (double z : logits) {
            sum += Math.exp(z);
        }

        learner(network).learn(TestWindow.of(1, 2, 3).push(x, label));

        int n = hidden.length;
        for (int c = 0; c < 3; c++) {
            double error = Math.exp(logits[c]) / sum - (c == label ? 1 : 0);
            for (int i = 0; i < n; i++) {
                assertEquals(weights[c * n + i] - 0.05 * error * hidden[i], out.weights()[c * n + i], 1e-12, "w[" + c + "," + i + "]");
            }
            assertEquals(bias[c] - 0.05 * error, out.bias()[c], 1e-12, "b[" + c + "]");
        }
    }

    @Test
    void learnsSeparableBlobs() {
        SampleSet samples = TestSamples.blobs(3, 4, 300, 11);
        Network network = TestNetworks.small(4, 3, 5);

        TestTrainer.train(learner(network), network, samples, 5, 5);

        double accuracy = TestTrainer.accuracy(network, samples);
        assertTrue(accuracy > 0.9, "accuracy after 5 epochs: " + accuracy);
    }
}

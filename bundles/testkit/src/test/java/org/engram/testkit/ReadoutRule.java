package org.engram.testkit;

import java.util.List;
import org.engram.api.TrialContext;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;

/**
 * A well-behaved rule for the suites' own tests: the softmax cross-entropy delta rule on the output layer
 * only, for the current sample; the hidden layers keep their random weights. Subclasses break one promise each.
 */
abstract class ReadoutRule implements LearningRule {

    @Override
    public String description() {
        return "delta rule on the output layer (test sample)";
    }

    record Settings(
            @Parameter(defaultValue = "0.05", min = 0.0, max = 10.0,
                    description = "step size of the delta rule, per sample")
            double learningRate) {
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return ParameterSet.of(Settings.class).descriptors();
    }

    @Override
    public Learner create(Network network, Parameters parameters, TrialContext context) {
        return new ReadoutLearner(network, parameters.getDouble("learningRate"), context);
    }

    /** The update scale of one step; subclasses may bend it. */
    double scale(double learningRate) {
        return learningRate;
    }

    /** Called at the end of each learn(); subclasses may misbehave here. */
    void afterLearn(Window window) {
    }

    class ReadoutLearner implements Learner {
        final Network network;
        final double learningRate;
        final TrialContext context;
        final double[] probabilities;

        ReadoutLearner(Network network, double learningRate, TrialContext context) {
            this.network = network;
            this.learningRate = learningRate;
            this.context = context;
            this.probabilities = new double[network.outputSize()];
        }

        @Override
        public int windowLength() {
            return 1;
        }

        @Override
        public void learn(Window window) {
            double sum = OutputSoftmax.ofCurrentSample(network, window, probabilities);
            Layer out = network.layer(network.layerCount() - 1);
            double[] targets = window.targets();
            double[] input = out.input();
            double[] w = out.weights();
            double step = scale(learningRate);
            for (int c = 0; c < probabilities.length; c++) {
                double delta = probabilities[c] / sum - targets[c];
                for (int i = 0; i < out.inputSize(); i++) {
                    w[c * out.inputSize() + i] -= step * delta * input[i];
                }
                out.bias()[c] -= step * delta;
            }
            context.report("loss", -Math.log(probabilities[window.labels()[0]] / sum));
            afterLearn(window);
        }
    }
}

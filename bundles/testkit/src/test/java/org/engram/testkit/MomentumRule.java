package org.engram.testkit;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import org.engram.api.Checkpointable;
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
 * A checkpointable rule for the suites' own tests: the output-layer delta rule with heavy-ball momentum, so
 * its learner carries state from step to step (the velocity) that a checkpoint must hold. Subclasses break
 * the checkpoint's promise through the hooks.
 */
abstract class MomentumRule implements LearningRule {

    @Override
    public String description() {
        return "delta rule with momentum on the output layer (test sample)";
    }

    record Settings(
            @Parameter(defaultValue = "0.05", min = 0.0, max = 10.0,
                    description = "step size of the delta rule, per sample")
            double learningRate,
            @Parameter(defaultValue = "0.9", min = 0.0, max = 1.0,
                    description = "momentum of the velocity, per sample (dimensionless)")
            double momentum) {
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return ParameterSet.of(Settings.class).descriptors();
    }

    @Override
    public Learner create(Network network, Parameters parameters, TrialContext context) {
        return new MomentumLearner(network, parameters.getDouble("learningRate"), parameters.getDouble("momentum"), context);
    }

    /** Writes the learner's state; subclasses may write too little. */
    void save(MomentumLearner learner, DataOutput out) throws IOException {
        for (double v : learner.velocity) {
            out.writeDouble(v);
        }
    }

    /** Reads the learner's state; subclasses may read too little. */
    void load(MomentumLearner learner, DataInput in) throws IOException {
        for (int i = 0; i < learner.velocity.length; i++) {
            learner.velocity[i] = in.readDouble();
        }
    }

    final class MomentumLearner implements Learner, Checkpointable {
        final Network network;
        final double learningRate;
        final double momentum;
        final TrialContext context;
        final double[] probabilities;
        /** [classes, inputSize + 1]: weights then the bias of each output unit. */
        final double[] velocity;

        MomentumLearner(Network network, double learningRate, double momentum, TrialContext context) {
            this.network = network;
            this.learningRate = learningRate;
            this.momentum = momentum;
            this.context = context;
            this.probabilities = new double[network.outputSize()];
            Layer out = network.layer(network.layerCount() - 1);
            this.velocity = new double[out.size() * (out.inputSize() + 1)];
        }

        @Override
        public int windowLength() {
            return 1;
        }

        @Override
        public void learn(Window window) {
            double sum = OutputSoftmax.ofCurrentSample(network, window, probabilities);
            Layer out = network.layer(network.layerCount() - 1);
            double[] input = out.input();
            int in = out.inputSize();
            for (int c = 0; c < probabilities.length; c++) {
                double delta = probabilities[c] / sum - window.targets()[c];
                int row = c * (in + 1);
                for (int i = 0; i <= in; i++) {
                    double g = delta * (i < in ? input[i] : 1.0);
                    velocity[row + i] = momentum * velocity[row + i] + g;
                    if (i < in) {
                        out.weights()[c * in + i] -= learningRate * velocity[row + i];
                    } else {
                        out.bias()[c] -= learningRate * velocity[row + i];
                    }
                }
            }
            context.report("loss", -Math.log(probabilities[window.labels()[0]] / sum));
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            save(this, out);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            load(this, in);
        }
    }
}

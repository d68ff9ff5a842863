package ${package};

import java.util.List;
import org.engram.api.EngramRule;
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
import org.osgi.service.component.annotations.Component;

/**
 * The learning rule '${pluginName}'. As generated it is the delta rule on the output layer for the current
 * sample (softmax cross-entropy) and leaves the hidden layers at their random initial weights: a working
 * starting point. Put your rule's update of the hidden layers in {@link TrialLearner#learn}.
 *
 * <p>The rule is a stateless service that Engram shares between trials; everything of one trial lives in
 * the {@link Learner} it creates.
 */
@Component(service = LearningRule.class)
@EngramRule("${pluginName}")
public final class ${className} implements LearningRule {

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "0.05", min = 0.0, max = 10.0,
                    description = "step size of the output layer's delta rule, per sample (dimensionless)")
            double learningRate) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public String description() {
        return "delta rule on the output layer, hidden layers fixed (generated example)";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public Learner create(Network network, Parameters parameters, TrialContext context) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        return new TrialLearner(network, settings.learningRate(), context);
    }

    /** One trial's learner. Its buffers are sized once, so {@code learn} allocates nothing. */
    static final class TrialLearner implements Learner {
        private final Network network;
        private final double learningRate;
        private final TrialContext context;
        private final double[] error;
        private final double[] delta;
        private final double[] weightGrad;
        private final double[] biasGrad;

        TrialLearner(Network network, double learningRate, TrialContext context) {
            this.network = network;
            this.learningRate = learningRate;
            this.context = context;
            this.error = new double[network.outputSize()];
            this.delta = new double[network.outputSize()];
            Layer out = network.layer(network.layerCount() - 1);
            this.weightGrad = new double[out.weights().length];
            this.biasGrad = new double[out.bias().length];
        }

        /** The current sample only. */
        @Override
        public int windowLength() {
            return 1;
        }

        @Override
        public void learn(Window window) {
            // present the sample for as many time steps as the slowest neuron model needs
            network.resetState();
            for (int s = 0; s < network.stepsPerSample(); s++) {
                network.forward(window.inputs(), 1);
            }
            Layer out = network.layer(network.layerCount() - 1);
            double loss = softmaxError(out.activity(), window.targets(), error);
            // through the output units' derivative: the error on their drive W·in + b
            out.neurons().vjp(0, error, 0, delta, 0);
            // the connection's gradient for that error (δ ⊗ input for a dense layer), so any connectivity works
            out.connection().weightGradient(context.backend(), out.input(), 0, delta, 0, 1, weightGrad, biasGrad);
            double[] w = out.weights();
            double[] b = out.bias();
            for (int i = 0; i < w.length; i++) {
                w[i] -= learningRate * weightGrad[i];
            }
            for (int c = 0; c < b.length; c++) {
                b[c] -= learningRate * biasGrad[c];
            }
            context.report("cross_entropy", loss);
        }

        /**
         * Writes {@code softmax(logits) - targets} into {@code error} and returns the cross-entropy.
         *
         * @param logits  [classes], row 0
         * @param targets [classes] one-hot
         */
        static double softmaxError(double[] logits, double[] targets, double[] error) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < error.length; c++) {
                max = Math.max(max, logits[c]);
            }
            double sum = 0;
            for (int c = 0; c < error.length; c++) {
                error[c] = Math.exp(logits[c] - max);
                sum += error[c];
            }
            double loss = 0;
            for (int c = 0; c < error.length; c++) {
                double p = error[c] / sum;
                if (targets[c] > 0) {
                    loss -= targets[c] * Math.log(Math.max(p, Double.MIN_NORMAL));
                }
                error[c] = p - targets[c];
            }
            return loss;
        }
    }
}

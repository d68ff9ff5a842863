package org.engram.examples.oja;

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
 * Oja's subspace rule (Oja 1989) in every hidden layer, with a delta-rule readout. Each hidden layer learns
 * without labels, from the current sample only:
 *
 * <pre>ΔW = η · y (x − Wᵀy)ᵀ,  i.e.  ΔW_ij = η · y_i · (x_j − Σ_k y_k W_kj)</pre>
 *
 * where {@code x} is the layer's input and {@code y} its activity: a Hebbian term {@code y xᵀ} whose decay
 * {@code y yᵀ W} keeps the rows bounded. For linear units the rows converge to an orthonormal basis of the
 * input's principal subspace; with a nonlinear unit it is the "nonlinear PCA" rule. Biases are left alone.
 * The output layer learns the softmax cross-entropy delta rule on the current sample, so the network
 * classifies. Not in Daruwalla and Lipasti's paper: an example of a third-party rule.
 */
@Component(service = LearningRule.class)
@EngramRule("oja")
public final class OjaRule implements LearningRule {

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "0.01", min = 0.0, max = 1.0,
                    description = "η, step size of Oja's rule in the hidden layers, per sample (dimensionless)")
            double ojaRate,
            @Parameter(defaultValue = "0.05", min = 0.0, max = 10.0,
                    description = "step size of the output layer's delta rule, per sample (dimensionless)")
            double learningRate) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public String description() {
        return "Oja's subspace rule in the hidden layers (unsupervised PCA), delta rule at the output";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public Learner create(Network network, Parameters parameters, TrialContext context) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        return new TrialLearner(network, settings.ojaRate(), settings.learningRate(), context);
    }

    /** One trial's learner. Its buffers and metric names are made once, so {@code learn} allocates nothing. */
    static final class TrialLearner implements Learner {
        private final Network network;
        private final double ojaRate;
        private final double learningRate;
        private final TrialContext context;
        private final double[] residual;
        private final String[] residualMetrics;
        private final double[] error;
        private final double[] delta;
        /** Per layer: the connection's weight and bias gradient of the last step. */
        private final double[][] weightGrad;
        private final double[][] biasGrad;

        TrialLearner(Network network, double ojaRate, double learningRate, TrialContext context) {
            this.network = network;
            this.ojaRate = ojaRate;
            this.learningRate = learningRate;
            this.context = context;
            int widest = 0;
            residualMetrics = new String[network.layerCount() - 1];
            for (int l = 0; l < residualMetrics.length; l++) {
                widest = Math.max(widest, network.layer(l).inputSize());
                residualMetrics[l] = "oja_residual/" + l;
            }
            this.residual = new double[widest];
            this.error = new double[network.outputSize()];
            this.delta = new double[network.outputSize()];
            this.weightGrad = new double[network.layerCount()][];
            this.biasGrad = new double[network.layerCount()][];
            for (int l = 0; l < network.layerCount(); l++) {
                weightGrad[l] = new double[network.layer(l).weights().length];
                biasGrad[l] = new double[network.layer(l).bias().length];
            }
        }

        /** The current sample only. */
        @Override
        public int windowLength() {
            return 1;
        }

        @Override
        public void learn(Window window) {
            network.resetState();
            for (int s = 0; s < network.stepsPerSample(); s++) {
                network.forward(window.inputs(), 1);
            }
            // every layer learns from the activities of this one forward pass
            for (int l = 0; l < network.layerCount() - 1; l++) {
                context.report(residualMetrics[l], ojaStep(l, network.layer(l)));
            }
            readoutStep(network.layer(network.layerCount() - 1), window.targets());
        }

        /**
         * One step of Oja's subspace rule on row 0, {@code ΔW = η y (x − Wᵀy)ᵀ}, returning the mean squared residual
         * {@code x − Wᵀy} before the step. Written with the layer's connection, whose input gradient of y is the
         * reconstruction {@code Wᵀy} and whose weight gradient of (y, r) is {@code y rᵀ} for a dense layer, so it
         * is the same rule on a convolution (with the transposed convolution as reconstruction).
         */
        private double ojaStep(int l, Layer layer) {
            int in = layer.inputSize();
            double[] x = layer.input();
            double[] y = layer.activity();
            layer.connection().inputGradient(context.backend(), x, 0, y, 0, 1, residual);
            double squared = 0;
            for (int j = 0; j < in; j++) {
                residual[j] = x[j] - residual[j];
                squared += residual[j] * residual[j];
            }
            layer.connection().weightGradient(context.backend(), residual, 0, y, 0, 1, weightGrad[l], biasGrad[l]);
            double[] w = layer.weights();
            for (int i = 0; i < w.length; i++) {
                w[i] += ojaRate * weightGrad[l][i];
            }
            return squared / in;
        }

        /** The softmax cross-entropy delta rule on row 0 of the output layer. */
        private void readoutStep(Layer out, double[] targets) {
            double[] logits = out.activity();
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < error.length; c++) {
                max = Math.max(max, logits[c]);
            }
            double sum = 0;
            for (int c = 0; c < error.length; c++) {
                error[c] = Math.exp(logits[c] - max);
                sum += error[c];
            }
            for (int c = 0; c < error.length; c++) {
                error[c] = error[c] / sum - targets[c];
            }
            out.neurons().vjp(0, error, 0, delta, 0);
            int l = network.layerCount() - 1;
            out.connection().weightGradient(context.backend(), out.input(), 0, delta, 0, 1, weightGrad[l], biasGrad[l]);
            double[] w = out.weights();
            double[] b = out.bias();
            for (int i = 0; i < w.length; i++) {
                w[i] -= learningRate * weightGrad[l][i];
            }
            for (int c = 0; c < b.length; c++) {
                b[c] -= learningRate * biasGrad[l][c];
            }
        }
    }
}

package ${package};

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.EngramConnectivity;
import org.engram.api.Shape;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.connectivity.Connection;
import org.engram.api.connectivity.Connectivity;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * The connectivity '${pluginName}'. As generated it is sparse random connectivity: each of the layer's units sees
 * its own fixed random subset of {@code fanIn} inputs, {@code h_u = b_u + Σ_j w_uj · x_{s(u,j)}}, as cortical
 * neurons see a small share of the cells around them. Replace it with yours: a {@link Connection} computes a
 * layer's drive and its two vector-Jacobian products, which is all any rule needs to train it.
 *
 * <p>The plugin is a stateless service that Engram shares between trials; everything of one layer lives in the
 * {@link Connection} it creates.
 */
@Component(service = Connectivity.class)
@EngramConnectivity("${pluginName}")
public final class ${className} implements Connectivity {

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "8", min = 1,
                    description = "inputs each unit sees (all of them if the input is smaller) [count]")
            long fanIn,
            @Parameter(defaultValue = "1", min = 0,
                    description = "seed of the choice of each unit's inputs (the weights come from the trial's seed)")
            long seed) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public String description() {
        return "sparse random connectivity: each unit sees its own fixed random subset of fanIn inputs (generated example)";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public Connection create(Shape input, int size, Parameters parameters) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        if (size < 1) {
            throw new IllegalArgumentException("a ${pluginName} layer needs its size (number of units), e.g. "
                    + "{size: 64, connectivity: {name: ${pluginName}}, neuron: relu-layernorm}");
        }
        int fanIn = (int) Math.min(settings.fanIn(), input.size());
        return new Sparse(input, size, fanIn, settings.seed());
    }

    /** One layer's synapses: unit u's j-th weight reads input {@code sources[u·fanIn + j]}. */
    static final class Sparse implements Connection {
        private final Shape input;
        private final Shape output;
        private final int fanIn;
        final int[] sources;
        private final double[] weights;
        private final double[] bias;

        Sparse(Shape input, int size, int fanIn, long seed) {
            this.input = input;
            this.output = Shape.flat(size);
            this.fanIn = fanIn;
            this.sources = new int[size * fanIn];
            this.weights = new double[size * fanIn];
            this.bias = new double[size];
            int[] order = new int[input.size()];
            SplittableRandom random = new SplittableRandom(seed);
            for (int u = 0; u < size; u++) {
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                // the first fanIn places of a partial Fisher-Yates shuffle: distinct inputs, uniformly chosen
                for (int j = 0; j < fanIn; j++) {
                    int k = j + random.nextInt(order.length - j);
                    int swap = order[j];
                    order[j] = order[k];
                    order[k] = swap;
                    sources[u * fanIn + j] = order[j];
                }
            }
        }

        @Override
        public Shape inputShape() {
            return input;
        }

        @Override
        public Shape outputShape() {
            return output;
        }

        @Override
        public double[] weights() {
            return weights;
        }

        @Override
        public double[] bias() {
            return bias;
        }

        @Override
        public int fanIn() {
            return fanIn;
        }

        @Override
        public void forward(ComputeBackend backend, double[] in, int inputOffset, int rows, double[] drive) {
            int size = output.size();
            for (int r = 0; r < rows; r++) {
                int x = inputOffset + r * input.size();
                for (int u = 0; u < size; u++) {
                    double h = bias[u];
                    for (int j = u * fanIn; j < (u + 1) * fanIn; j++) {
                        h += weights[j] * in[x + sources[j]];
                    }
                    drive[r * size + u] = h;
                }
            }
        }

        @Override
        public void weightGradient(ComputeBackend backend, double[] in, int inputOffset, double[] delta, int deltaOffset,
                int rows, double[] weightGradient, double[] biasGradient) {
            int size = output.size();
            Arrays.fill(weightGradient, 0.0);
            Arrays.fill(biasGradient, 0.0);
            for (int r = 0; r < rows; r++) {
                int x = inputOffset + r * input.size();
                for (int u = 0; u < size; u++) {
                    double d = delta[deltaOffset + r * size + u];
                    biasGradient[u] += d;
                    for (int j = u * fanIn; j < (u + 1) * fanIn; j++) {
                        weightGradient[j] += d * in[x + sources[j]];
                    }
                }
            }
        }

        @Override
        public void inputGradient(ComputeBackend backend, double[] in, int inputOffset, double[] delta, int deltaOffset,
                int rows, double[] inputGradient) {
            int size = output.size();
            Arrays.fill(inputGradient, 0, rows * input.size(), 0.0);
            for (int r = 0; r < rows; r++) {
                int x = r * input.size();
                for (int u = 0; u < size; u++) {
                    double d = delta[deltaOffset + r * size + u];
                    for (int j = u * fanIn; j < (u + 1) * fanIn; j++) {
                        inputGradient[x + sources[j]] += d * weights[j];
                    }
                }
            }
        }
    }
}

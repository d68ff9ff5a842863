package ${package};

import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.EngramNeuron;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * The neuron model '${pluginName}'. As generated: softsign rate units, {@code z = g·h / (1 + |g·h|)}, a
 * smooth saturating unit with polynomial rather than exponential tails. Replace the activation and its
 * derivative in {@link Units} with your model's; a stateful model keeps one state per row.
 */
@Component(service = NeuronModel.class)
@EngramNeuron("${pluginName}")
public final class ${className} implements NeuronModel {

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "1.0", min = 1e-6, max = 1e6,
                    description = "g, the slope at zero drive (dimensionless)")
            double gain) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public String description() {
        return "softsign rate unit z = g*h / (1 + |g*h|) (generated example)";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public NeuronLayer create(int size, Parameters parameters, SplittableRandom random) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        return new Units(size, settings.gain());
    }

    /** One layer's units in one trial. Stateless between steps; keeps the last drive for the derivative. */
    static final class Units implements NeuronLayer {
        private final int size;
        private final double gain;
        private double[] scaledDrive = new double[0];

        Units(int size, double gain) {
            this.size = size;
            this.gain = gain;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int stepsPerSample() {
            return 1;
        }

        @Override
        public int readoutSteps() {
            return 1;
        }

        @Override
        public void forward(double[] drive, double[] out, int rows) {
            int n = rows * size;
            if (scaledDrive.length < n) {
                scaledDrive = new double[n]; // grows once to the largest row count, then reused
            }
            for (int i = 0; i < n; i++) {
                double u = gain * drive[i];
                scaledDrive[i] = u;
                out[i] = u / (1 + Math.abs(u));
            }
        }

        /** dz/dh = g / (1 + |g·h|)², unit by unit: the Jacobian is diagonal. */
        @Override
        public void vjp(int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset) {
            for (int j = 0; j < size; j++) {
                double d = 1 + Math.abs(scaledDrive[row * size + j]);
                gradDrive[gradDriveOffset + j] = gain / (d * d) * gradOut[gradOutOffset + j];
            }
        }

        @Override
        public void reset() {
            // no state is carried from step to step
        }
    }
}

package ${package};

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;

/** What the units compute; the contract suite in ${className}ContractTest checks how they behave as a plugin. */
class ${className}Test {

    private final ${className} model = new ${className}();

    private NeuronLayer layer(double gain) {
        Parameters parameters = Parameters.resolve("test", model.parameters(), Map.of("gain", gain));
        return model.create(3, parameters, new SplittableRandom(1));
    }

    @Test
    void outputsMatchTheClosedForm() {
        NeuronLayer units = layer(1.0);
        double[] out = new double[3];
        units.forward(new double[] {1, -3, 0}, out, 1);
        // 1/(1+1), -3/(1+3), 0
        assertArrayEquals(new double[] {0.5, -0.75, 0.0}, out, 1e-15);
    }

    @Test
    void gainScalesTheDriveAndTheSlope() {
        NeuronLayer units = layer(2.0);
        double[] out = new double[3];
        units.forward(new double[] {0.5, -1.5, 0}, out, 1);
        assertArrayEquals(new double[] {0.5, -0.75, 0.0}, out, 1e-15);
        double[] grad = new double[3];
        units.vjp(0, new double[] {1, 1, 1}, 0, grad, 0);
        // g / (1 + |g h|)^2: 2/4, 2/16, 2/1
        assertArrayEquals(new double[] {0.5, 0.125, 2.0}, grad, 1e-15);
    }
}

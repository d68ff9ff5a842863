package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.engram.api.Shape;
import org.engram.api.connectivity.Connection;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;

/** What the synapses compute; the contract suite in ${className}ContractTest checks how they behave as a plugin. */
class ${className}Test {

    private final ${className} plugin = new ${className}();

    private ${className}.Sparse layer(int fanIn, int inputs, int units) {
        Parameters parameters = Parameters.resolve("test", plugin.parameters(), Map.of("fanIn", fanIn));
        return (${className}.Sparse) plugin.create(Shape.flat(inputs), units, parameters);
    }

    @Test
    void eachUnitSeesFanInDistinctInputs() {
        ${className}.Sparse c = layer(3, 10, 4);
        for (int u = 0; u < 4; u++) {
            Set<Integer> seen = new HashSet<>();
            for (int j = 0; j < 3; j++) {
                seen.add(c.sources[u * 3 + j]);
            }
            assertEquals(3, seen.size(), "unit " + u + " sees 3 distinct inputs");
        }
        assertEquals(2, layer(8, 2, 1).fanIn(), "an input smaller than fanIn is seen whole");
    }

    @Test
    void driveIsTheBiasPlusTheWeightedChosenInputs() {
        ${className}.Sparse c = layer(2, 3, 1);
        c.weights()[0] = 0.5;
        c.weights()[1] = -2.0;
        c.bias()[0] = 0.25;
        double[] x = {1.0, 2.0, 3.0};
        double[] h = new double[1];
        c.forward(null, x, 0, 1, h);
        double expected = 0.25 + 0.5 * x[c.sources[0]] - 2.0 * x[c.sources[1]];
        assertEquals(expected, h[0], 1e-15);
    }
}

package ${package};

import org.engram.api.neuron.NeuronModel;
import org.engram.testkit.NeuronLayerContract;
import org.junit.jupiter.api.Test;

/** The checks every neuron model passes, from the Engram test kit, and the exact derivative. */
class ${className}ContractTest extends NeuronLayerContract {

    @Override
    protected NeuronModel model() {
        return new ${className}();
    }

    @Test
    void vjpMatchesCentralFiniteDifferences() {
        assertVjpMatchesFiniteDifferences(randomDrives(STEPS, rows(), SEED + 100), rows(), 1e-6, 1e-6);
    }
}

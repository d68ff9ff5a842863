package org.engram.neuron.leaky;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameters;
import org.engram.testkit.NeuronLayerContract;
import org.junit.jupiter.api.Test;

/** The output-layer cell, {@code z = u'} (logits are the membrane). */
class LeakyOutputNeuronTest extends NeuronLayerContract {

    private final LeakyNeuron model = new LeakyNeuron();

    @Override
    protected NeuronModel model() {
        return model;
    }

    @Override
    protected Parameters parameters() {
        return Parameters.resolve("test", model.parameters(), Map.of("activation", "NONE"));
    }

    @Test
    void twoEulerStepsByHand() {
        // dt/tau = 0.2: u' = 0 + 0.2 (h - 0), then u'' = u' + 0.2 (h - u')
        NeuronLayer layer = LeakyNeuronTest.layer(3, "NONE", Map.of());
        double[] h = {1, -2, 3};
        double[] out = new double[3];
        layer.forward(h, out, 1);
        assertArrayEquals(new double[] {0.2, -0.4, 0.6}, out, 1e-15);
        layer.forward(h, out, 1);
        assertArrayEquals(new double[] {0.36, -0.72, 1.08}, out, 1e-15);
    }

    @Test
    void vjpIsDtOverTauTimesTheCotangent() {
        NeuronLayer layer = newLayer(SEED);
        run(layer, randomDrives(4, rows(), 601), rows());
        double[] g = randomVector(layerSize(), 602);
        double[] expected = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            expected[i] = 0.2 * g[i];
        }
        assertArrayEquals(expected, vjp(layer, 2, g), 1e-15);
    }

    @Test
    void vjpMatchesCentralFiniteDifferencesOfOneStepWithTheCarriedStateHeld() {
        assertVjpMatchesFiniteDifferences(randomDrives(6, rows(), 603), rows(), 1e-6, 1e-6);
    }

    @Test
    void vjpThroughTimeMatchesCentralFiniteDifferencesOfThePresentation() {
        assertVjpThroughTimeMatchesFiniteDifferences(() -> newLayer(SEED), randomDrives(STEPS, rows(), 611), rows(), 1e-6, 1e-6);
    }
}

package org.engram.neuron.leaky;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameters;
import org.engram.testkit.NeuronLayerContract;
import org.junit.jupiter.api.Test;

/** The hidden-layer cell, {@code z = LN(ReLU(u'))}, at the defaults (τ = 5 ms, dt = 1 ms: dt/τ = 0.2). */
class LeakyNeuronTest extends NeuronLayerContract {

    private static final LeakyNeuron MODEL = new LeakyNeuron();

    @Override
    protected NeuronModel model() {
        return MODEL;
    }

    static NeuronLayer layer(int size, String activation, Map<String, Object> extra) {
        Map<String, Object> given = new HashMap<>(extra);
        given.put("activation", activation);
        return MODEL.create(size, Parameters.resolve("test", MODEL.parameters(), given), new SplittableRandom(1));
    }

    @Test
    void defaultsFollowTheToyConfig() {
        NeuronLayer layer = newLayer(SEED);
        assertEquals(20, layer.stepsPerSample());
        assertEquals(10, layer.readoutSteps());
        Parameters p = Parameters.defaults(MODEL.parameters());
        assertEquals(5e-3, p.getDouble("tau"));
        assertEquals(1e-3, p.getDouble("dt"));
        assertEquals("RELU_LAYERNORM", p.getString("activation"));
    }

    @Test
    void oneEulerStepThenLayerNormByHand() {
        // u = 0, h = (1, -2, 3), dt/tau = 0.2 -> u' = (0.2, -0.4, 0.6); ReLU -> (0.2, 0, 0.6), mean 4/15,
        // centred (-1, -4, 5)/15, population variance (1 + 16 + 25) / 225 / 3 = 14/225
        NeuronLayer layer = layer(3, "RELU_LAYERNORM", Map.of());
        double[] out = new double[3];
        layer.forward(new double[] {1, -2, 3}, out, 1);
        double s = Math.sqrt(14.0 / 225.0 + 1e-6);
        assertArrayEquals(new double[] {-1.0 / 15 / s, -4.0 / 15 / s, 5.0 / 15 / s}, out, 1e-14);
    }

    @Test
    void vjpMatchesCentralFiniteDifferencesOfOneStepWithTheCarriedStateHeld() {
        // five steps of history build a non-zero membrane; only the last step is differentiated
        assertVjpMatchesFiniteDifferences(randomDrives(6, rows(), 501), rows(), 1e-6, 1e-6);
    }

    @Test
    void vjpByHandIsDtOverTauTimesTheLayerNormVjp() {
        NeuronLayer layer = layer(3, "RELU_LAYERNORM", Map.of());
        layer.forward(new double[] {1, -2, 3}, new double[3], 1);
        double s = Math.sqrt(14.0 / 225.0 + 1e-6);
        double[] z = {-1.0 / 15 / s, -4.0 / 15 / s, 5.0 / 15 / s};
        // g = e_2: mean(g) = 1/3, mean(g z) = z_2 / 3; unit 1 has u' < 0 and passes nothing
        double[] expected = {
            0.2 * (0 - 1.0 / 3 - z[0] * z[2] / 3) / s,
            0.0,
            0.2 * (1 - 1.0 / 3 - z[2] * z[2] / 3) / s};
        assertArrayEquals(expected, vjp(layer, 0, new double[] {0, 0, 1}), 1e-13);
    }

    @Test
    void stateIsZeroedByResetAndByARowCountChange() {
        NeuronLayer layer = layer(2, "NONE", Map.of());
        double[] out2 = new double[4];
        layer.forward(new double[] {5, 5, 5, 5}, out2, 2);
        layer.forward(new double[] {5, 5, 5, 5}, out2, 2);
        double[] out = new double[2];
        layer.forward(new double[] {1, 1}, out, 1); // one row now: fresh state, u' = 0.2 h
        assertArrayEquals(new double[] {0.2, 0.2}, out, 1e-15);
        layer.forward(new double[] {1, 1}, out, 1);
        assertArrayEquals(new double[] {0.36, 0.36}, out, 1e-15);
        layer.reset();
        layer.forward(new double[] {1, 1}, out, 1);
        assertArrayEquals(new double[] {0.2, 0.2}, out, 1e-15);
    }

    @Test
    void rejectsReadoutLongerThanThePresentation() {
        assertThrows(IllegalArgumentException.class, () -> layer(3, "NONE", Map.of("steps", 5, "readoutSteps", 6)));
    }

    @Test
    void rejectsAStepLongerThanTheTimeConstant() {
        assertThrows(IllegalArgumentException.class, () -> layer(3, "NONE", Map.of("dt", 2e-3, "tau", 1e-3)));
    }

    @Test
    void theMembraneRelaxesTowardsAConstantDrive() {
        // closed form of the Euler recursion from 0: u_n = h (1 - (1 - dt/tau)^n)
        NeuronLayer layer = layer(1, "NONE", Map.of("tau", 4e-3));
        double[] out = new double[1];
        for (int n = 1; n <= 20; n++) {
            layer.forward(new double[] {-1.5}, out, 1);
            assertEquals(-1.5 * (1 - Math.pow(0.75, n)), out[0], 1e-14, "step " + n);
        }
    }

    @Test
    void vjpThroughTimeMatchesCentralFiniteDifferencesOfThePresentation() {
        assertVjpThroughTimeMatchesFiniteDifferences(() -> newLayer(SEED), randomDrives(STEPS, rows(), 612), rows(), 1e-6, 1e-6);
    }
}

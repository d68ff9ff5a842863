package org.engram.neuron.rate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameters;
import org.engram.testkit.NeuronLayerContract;
import org.junit.jupiter.api.Test;

class ReluLayerNormNeuronTest extends NeuronLayerContract {

    private final ReluLayerNormNeuron model = new ReluLayerNormNeuron();

    @Override
    protected NeuronModel model() {
        return model;
    }

    private NeuronLayer layer(int size, double epsilon) {
        Parameters p = Parameters.resolve("test", model.parameters(), Map.of("epsilon", epsilon));
        return model.create(size, p, new SplittableRandom(1));
    }

    @Test
    void threeUnitExampleComputedByHand() {
        // h = (1, -2, 3) -> a = (1, 0, 3), mean 4/3, a - mean = (-1/3, -4/3, 5/3),
        // population variance (1 + 16 + 25) / 9 / 3 = 14/9
        double s = Math.sqrt(14.0 / 9.0 + 1e-6);
        double[] expected = {-1.0 / 3.0 / s, -4.0 / 3.0 / s, 5.0 / 3.0 / s};
        NeuronLayer layer = layer(3, 1e-6);
        double[] out = new double[3];
        layer.forward(new double[] {1, -2, 3}, out, 1);
        assertArrayEquals(expected, out, 1e-15);
        // without eps the values are (-1, -4, 5) / sqrt(14): a sanity anchor independent of the formula above
        assertArrayEquals(new double[] {-0.2672612419124244, -1.0690449676496976, 1.3363062095621219}, out, 1e-6);
    }

    @Test
    void vjpOfTheThreeUnitExampleComputedByHand() {
        double s = Math.sqrt(14.0 / 9.0 + 1e-6);
        double[] z = {-1.0 / 3.0 / s, -4.0 / 3.0 / s, 5.0 / 3.0 / s};
        NeuronLayer layer = layer(3, 1e-6);
        layer.forward(new double[] {1, -2, 3}, new double[3], 1);
        // g = e_0: mean(g) = 1/3, mean(g z) = z_0 / 3; unit 1 has h < 0 so its gradient is cut
        double[] expected = {
            (1 - 1.0 / 3.0 - z[0] * z[0] / 3.0) / s,
            0.0,
            (0 - 1.0 / 3.0 - z[2] * z[0] / 3.0) / s};
        assertArrayEquals(expected, vjp(layer, 0, new double[] {1, 0, 0}), 1e-15);
    }

    @Test
    void vjpMatchesCentralFiniteDifferences() {
        assertVjpMatchesFiniteDifferences(randomDrives(1, rows(), 101), rows(), 1e-6, 1e-6);
    }

    @Test
    void vjpMatchesCentralFiniteDifferencesWhenEveryUnitIsActive() {
        double[][] drives = randomDrives(1, rows(), 102);
        for (int i = 0; i < drives[0].length; i++) {
            drives[0][i] = Math.abs(drives[0][i]) + 0.1;
        }
        assertVjpMatchesFiniteDifferences(drives, rows(), 1e-6, 1e-6);
    }

    @Test
    void outputHasZeroMeanAndNearlyUnitVariancePerRow() {
        int size = 50;
        NeuronLayer layer = layer(size, 1e-6);
        double[] drive = randomVector(2 * size, 7);
        double[] out = new double[2 * size];
        layer.forward(drive, out, 2);
        for (int r = 0; r < 2; r++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < size; i++) {
                mean += out[r * size + i];
                sq += out[r * size + i] * out[r * size + i];
            }
            assertEquals(0.0, mean / size, 1e-12);
            assertEquals(1.0, sq / size, 1e-5); // var / (var + eps)
        }
    }

    @Test
    void silentRowGivesZerosAndPassesNoGradient() {
        NeuronLayer layer = layer(4, 1e-6);
        double[] out = new double[4];
        layer.forward(new double[] {-1, -2, 0, -0.5}, out, 1);
        assertArrayEquals(new double[4], out);
        assertArrayEquals(new double[4], vjp(layer, 0, new double[] {1, 2, 3, 4}));
    }

    @Test
    void epsilonIsHonoured() {
        NeuronLayer layer = layer(3, 0.5);
        double[] out = new double[3];
        layer.forward(new double[] {1, -2, 3}, out, 1);
        double s = Math.sqrt(14.0 / 9.0 + 0.5);
        assertArrayEquals(new double[] {-1.0 / 3.0 / s, -4.0 / 3.0 / s, 5.0 / 3.0 / s}, out, 1e-15);
    }

    @Test
    void vjpMayOverwriteItsOwnCotangent() {
        NeuronLayer layer = layer(5, 1e-6);
        layer.forward(randomVector(5, 8), new double[5], 1);
        double[] g = randomVector(5, 9);
        double[] expected = vjp(layer, 0, g);
        layer.vjp(0, g, 0, g, 0);
        assertArrayEquals(expected, g);
    }

    @Test
    void rejectsNonPositiveEpsilon() {
        Parameters zero = Parameters.resolve("test", model.parameters(), Map.of("epsilon", 0.0));
        assertThrows(IllegalArgumentException.class, () -> model.create(3, zero, new SplittableRandom(1)));
    }
}

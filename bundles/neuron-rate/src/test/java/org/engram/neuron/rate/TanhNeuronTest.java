package org.engram.neuron.rate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameters;
import org.engram.testkit.NeuronLayerContract;
import org.junit.jupiter.api.Test;

class TanhNeuronTest extends NeuronLayerContract {

    private final TanhNeuron model = new TanhNeuron();

    @Override
    protected NeuronModel model() {
        return model;
    }

    private NeuronLayer noisyLayer(int size, double noise, long seed) {
        Parameters p = Parameters.resolve("test", model.parameters(), Map.of("rateNoise", noise));
        return model.create(size, p, new SplittableRandom(seed));
    }

    @Test
    void defaultHasNoNoise() {
        assertEquals(0.0, Parameters.defaults(model.parameters()).getDouble("rateNoise"));
    }

    @Test
    void outputIsTanhOfTheDrive() {
        double[] h = {-3, -0.5, 0, 0.25, 2, 20};
        double[] out = new double[h.length];
        newLayer(SEED).forward(h, out, 1);
        for (int i = 0; i < h.length; i++) {
            double e = Math.exp(2 * h[i]);
            assertEquals((e - 1) / (e + 1), out[i], 1e-15, "h = " + h[i]);
        }
    }

    @Test
    void vjpIsOneMinusTanhSquaredAtHandPicks() {
        // tanh(0) = 0 -> 1; tanh(atanh(0.5)) = 0.5 -> 0.75; tanh(atanh(-0.8)) = -0.8 -> 0.36
        double atanhHalf = 0.5 * Math.log(3.0);
        double atanhMinus08 = 0.5 * Math.log(0.2 / 1.8);
        NeuronLayer layer = model.create(3, Parameters.defaults(model.parameters()), new SplittableRandom(1));
        layer.forward(new double[] {0, atanhHalf, atanhMinus08}, new double[3], 1);
        assertArrayEquals(new double[] {2.0, 0.75 * -3, 0.36 * 0.5}, vjp3(layer, new double[] {2, -3, 0.5}), 1e-14);
    }

    private static double[] vjp3(NeuronLayer layer, double[] g) {
        double[] out = new double[3];
        layer.vjp(0, g, 0, out, 0);
        return out;
    }

    @Test
    void vjpMatchesCentralFiniteDifferences() {
        assertVjpMatchesFiniteDifferences(randomDrives(1, rows(), 201), rows(), 1e-6, 1e-6);
    }

    @Test
    void rateNoiseStaysWithinItsBoundAndIsCentred() {
        double a = 0.05;
        int size = 100;
        int rows = 50;
        NeuronLayer layer = noisyLayer(size, a, 3);
        double[] h = randomVector(size * rows, 4);
        double[] out = new double[size * rows];
        double sum = 0;
        double sq = 0;
        int count = 0;
        for (int step = 0; step < 4; step++) {
            layer.forward(h, out, rows);
            for (int i = 0; i < out.length; i++) {
                double nu = out[i] - Math.tanh(h[i]);
                assertTrue(Math.abs(nu) <= a, "noise " + nu + " outside [-a, a]");
                sum += nu;
                sq += nu * nu;
                count++;
            }
        }
        double sdOfMean = a / Math.sqrt(3.0 * count);
        assertEquals(0.0, sum / count, 4 * sdOfMean, "mean of U(-a, a)");
        assertEquals(a * a / 3.0, sq / count, 0.05 * a * a / 3.0, "variance of U(-a, a) is a^2/3");
    }

    @Test
    void rateNoiseIsReproducibleFromTheSeedAndDiffersAcrossSeeds() {
        double[] h = randomVector(40, 5);
        double[] a = new double[40];
        double[] b = new double[40];
        double[] c = new double[40];
        noisyLayer(40, 0.05, 11).forward(h, a, 1);
        noisyLayer(40, 0.05, 11).forward(h, b, 1);
        noisyLayer(40, 0.05, 12).forward(h, c, 1);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void vjpIgnoresTheNoise() {
        double[] h = randomVector(8, 6);
        double[] g = randomVector(8, 7);
        NeuronLayer noisy = noisyLayer(8, 0.05, 13);
        NeuronLayer clean = noisyLayer(8, 0.0, 13);
        noisy.forward(h, new double[8], 1);
        clean.forward(h, new double[8], 1);
        double[] gn = new double[8];
        double[] gc = new double[8];
        noisy.vjp(0, g, 0, gn, 0);
        clean.vjp(0, g, 0, gc, 0);
        assertArrayEquals(gc, gn);
    }

    @Test
    void aRestoredNoisyLayerDrawsTheNoiseTheOriginalDraws() throws Exception {
        NeuronLayer original = noisyLayer(4, 0.3, 17);
        double[] drive = {0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8};
        double[] out = new double[8];
        original.forward(drive, out, 2);
        byte[] state = org.engram.testkit.Checkpoints.save((org.engram.api.Checkpointable) original);
        NeuronLayer restored = noisyLayer(4, 0.3, 17);
        org.engram.testkit.Checkpoints.restore((org.engram.api.Checkpointable) restored, state, "the tanh layer");
        NeuronLayer notRestored = noisyLayer(4, 0.3, 17);

        double[] expected = new double[8];
        double[] actual = new double[8];
        double[] fresh = new double[8];
        for (int step = 0; step < 5; step++) {
            original.forward(drive, expected, 2);
            restored.forward(drive, actual, 2);
            notRestored.forward(drive, fresh, 2);
            assertArrayEquals(expected, actual, "step " + step);
        }
        assertFalse(Arrays.equals(expected, fresh), "the generator's state is what the checkpoint carries");
        assertEquals(8, state.length, "one seed");
    }
}

package org.engram.neuron.rate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.engram.api.Shape;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameters;
import org.engram.testkit.NeuronLayerContract;
import org.junit.jupiter.api.Test;

/**
 * relu-layernorm on a conv layer's feature maps (3 channels × 2 × 2): the whole contract, the VJP against central
 * differences, and LayerNorm taken over the channels of each pixel, checked against a flat layer of 3 units per pixel.
 */
class ReluLayerNormOnFeatureMapsTest extends NeuronLayerContract {

    private static final Shape MAPS = new Shape(3, 2, 2);

    @Override
    protected NeuronModel model() {
        return new ReluLayerNormNeuron();
    }

    @Override
    protected Shape shape() {
        return MAPS;
    }

    @Override
    protected int layerSize() {
        return MAPS.size();
    }

    @Test
    void vjpMatchesCentralFiniteDifferences() {
        assertVjpMatchesFiniteDifferences(randomDrives(1, rows(), 101), rows(), 1e-6, 1e-6);
    }

    @Test
    void eachPixelIsNormalisedOverItsChannelsAsAFlatLayerOfThreeUnitsWould() {
        Parameters defaults = Parameters.defaults(model().parameters());
        NeuronLayer maps = model().create(MAPS, defaults, new SplittableRandom(1));
        NeuronLayer pixel = model().create(3, defaults, new SplittableRandom(1));
        double[] drive = randomDrives(1, 1, 7)[0];
        double[] out = new double[MAPS.size()];
        maps.forward(drive, out, 1);
        double[] gradOut = randomDrives(1, 1, 8)[0];
        double[] grad = new double[MAPS.size()];
        maps.vjp(0, gradOut, 0, grad, 0);
        int pixels = MAPS.pixels();
        for (int p = 0; p < pixels; p++) {
            double[] h = new double[3];
            double[] g = new double[3];
            for (int c = 0; c < 3; c++) {
                h[c] = drive[c * pixels + p];
                g[c] = gradOut[c * pixels + p];
            }
            double[] z = new double[3];
            pixel.forward(h, z, 1);
            double[] gh = new double[3];
            pixel.vjp(0, g, 0, gh, 0);
            for (int c = 0; c < 3; c++) {
                assertArrayEquals(new double[] {z[c], gh[c]}, new double[] {out[c * pixels + p], grad[c * pixels + p]}, 0.0,
                        "pixel " + p + " channel " + c);
            }
        }
    }
}

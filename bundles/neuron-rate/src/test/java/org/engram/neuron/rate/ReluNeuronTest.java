package org.engram.neuron.rate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.testkit.NeuronLayerContract;
import org.junit.jupiter.api.Test;

class ReluNeuronTest extends NeuronLayerContract {

    @Override
    protected NeuronModel model() {
        return new ReluNeuron();
    }

    @Override
    protected int layerSize() {
        return 5;
    }

    @Test
    void outputAndVjpByHand() {
        NeuronLayer layer = newLayer(SEED);
        double[] out = new double[5];
        layer.forward(new double[] {-2, -0.0, 0, 0.5, 3}, out, 1);
        assertArrayEquals(new double[] {0, 0, 0, 0.5, 3}, out);
        // the kink at h = 0 takes the derivative 0, as 1[h > 0] in spec §2.6
        assertArrayEquals(new double[] {0, 0, 0, 4, 5}, vjp(layer, 0, new double[] {1, 2, 3, 4, 5}));
    }

    @Test
    void vjpMatchesCentralFiniteDifferences() {
        assertVjpMatchesFiniteDifferences(randomDrives(1, rows(), 401), rows(), 1e-6, 1e-6);
    }
}

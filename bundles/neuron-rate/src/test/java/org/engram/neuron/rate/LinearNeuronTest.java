package org.engram.neuron.rate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.testkit.NeuronLayerContract;
import org.junit.jupiter.api.Test;

class LinearNeuronTest extends NeuronLayerContract {

    @Override
    protected NeuronModel model() {
        return new LinearNeuron();
    }

    @Test
    void outputIsTheDrive() {
        double[] h = randomVector(rows() * layerSize(), 301);
        double[] out = new double[h.length];
        newLayer(SEED).forward(h, out, rows());
        assertArrayEquals(h, out);
    }

    @Test
    void vjpPassesTheCotangentThrough() {
        NeuronLayer layer = newLayer(SEED);
        layer.forward(randomVector(rows() * layerSize(), 302), new double[rows() * layerSize()], rows());
        double[] g = randomVector(layerSize(), 303);
        assertArrayEquals(g, vjp(layer, 1, g));
    }

    @Test
    void vjpMatchesCentralFiniteDifferences() {
        assertVjpMatchesFiniteDifferences(randomDrives(1, rows(), 304), rows(), 1e-6, 1e-6);
    }
}

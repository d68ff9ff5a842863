package org.engram.neuron.lif;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameters;
import org.engram.testkit.NeuronLayerContract;
import org.junit.jupiter.api.Test;

/** The spiking LIF with the raw 0/1 spike readout. */
class LifSpikeReadoutTest extends NeuronLayerContract {

    private final LifNeuron model = new LifNeuron();

    @Override
    protected NeuronModel model() {
        return model;
    }

    @Override
    protected Parameters parameters() {
        return Parameters.resolve("test", model.parameters(), Map.of("readout", "SPIKES"));
    }

    @Test
    void outputsAreSpikesAndSomeUnitsFire() {
        double[][] outs = run(newLayer(SEED), randomDrives(STEPS, rows(), 801), rows());
        int ones = 0;
        for (double[] out : outs) {
            for (double v : out) {
                assertTrue(v == 0.0 || v == 1.0, "not a spike: " + v);
                ones += (int) v;
            }
        }
        assertTrue(ones > 0 && ones < STEPS * rows() * layerSize(), "spikes: " + ones);
    }
}

package org.engram.itests.plugin;

import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;

/** A third-party neuron plugin that only has to be found; no trial ever uses it. */
public class DiscoveryNeuron implements NeuronModel {

    @Override
    public String description() {
        return "installed at runtime by RuntimeIT";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }

    @Override
    public NeuronLayer create(int size, Parameters parameters, SplittableRandom random) {
        throw new UnsupportedOperationException("a discovery test plugin");
    }
}

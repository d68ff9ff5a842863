package org.engram.neuron.rate;

import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.EngramNeuron;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/** Plain {@code z = max(h, 0)} with derivative {@code 1[h > 0]}; no normalisation (back-propagation baselines). */
@Component(service = NeuronModel.class)
@EngramNeuron("relu")
public final class ReluNeuron implements NeuronModel {

    @Override
    public String description() {
        return "plain ReLU unit z = max(h, 0), no normalisation";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }

    @Override
    public NeuronLayer create(int size, Parameters parameters, SplittableRandom random) {
        return new ReluLayer(size);
    }
}

package org.engram.neuron.rate;

import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.EngramNeuron;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/** The identity {@code z = h}, for the output (logit) layer (spec §1.2). */
@Component(service = NeuronModel.class)
@EngramNeuron("linear")
public final class LinearNeuron implements NeuronModel {

    @Override
    public String description() {
        return "identity unit z = h, for the output (logit) layer";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }

    @Override
    public NeuronLayer create(int size, Parameters parameters, SplittableRandom random) {
        return new LinearLayer(size);
    }
}

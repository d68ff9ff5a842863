package org.engram.itests.plugin;

import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;

/** A third-party neuron plugin whose component activation always fails. */
public class BrokenNeuron implements NeuronModel {

    public static final String MESSAGE = "broken on purpose";

    public void activate() {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public String description() {
        return "never activates";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }

    @Override
    public NeuronLayer create(int size, Parameters parameters, SplittableRandom random) {
        throw new UnsupportedOperationException("never activated");
    }
}

package org.engram.api.neuron;

import java.util.SplittableRandom;
import org.engram.api.Plugin;
import org.engram.api.Shape;
import org.engram.api.param.Parameters;
import org.osgi.annotation.versioning.ConsumerType;

/** A neuron-model plugin: creates the units of one layer for one trial. Register with {@code @EngramNeuron}. */
@ConsumerType
public interface NeuronModel extends Plugin {

    /**
     * @param size       number of units in the layer
     * @param parameters resolved parameters of this model
     * @param random     the layer's own generator (rate noise, spike jitter)
     */
    NeuronLayer create(int size, Parameters parameters, SplittableRandom random);

    /**
     * The units of a layer of the given shape (a convolution's channels × height × width). By default the
     * model treats them as {@code shape.size()} independent units; a model that mixes units (LayerNorm over the
     * channels of each pixel) overrides this.
     */
    default NeuronLayer create(Shape shape, Parameters parameters, SplittableRandom random) {
        return create(shape.size(), parameters, random);
    }
}

package org.engram.neuron.rate;

import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.EngramNeuron;
import org.engram.api.Shape;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * The Frontiers hidden unit (spec §1.2): {@code z = LN(ReLU(h))}, LayerNorm over the layer's units
 * with no learnable scale or bias, population variance, {@code s = sqrt(var + epsilon)}. The VJP
 * (spec §2.6) is {@code 1[h > 0] ⊙ (1/s)(g − mean(g) − z · mean(g ⊙ z))}; it mixes the units of a
 * row (within-layer local, not per synapse).
 */
@Component(service = NeuronModel.class)
@EngramNeuron("relu-layernorm")
public final class ReluLayerNormNeuron implements NeuronModel {

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "1e-6", min = 0.0,
                    description = "added to the variance inside the square root (units of activity squared); must be > 0; 1e-6 is Flax's default")
            double epsilon) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public String description() {
        return "ReLU then LayerNorm over the layer's units (over the channels of each pixel on a conv layer), no learnable affine (Frontiers MLP/CNN hidden unit)";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public NeuronLayer create(int size, Parameters parameters, SplittableRandom random) {
        return create(Shape.flat(size), parameters, random);
    }

    /** On a feature map, LayerNorm over the channels of each pixel (the paper's CNN); on a flat layer, over all units. */
    @Override
    public NeuronLayer create(Shape shape, Parameters parameters, SplittableRandom random) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        double epsilon = settings.epsilon();
        if (!(epsilon > 0.0)) {
            throw new IllegalArgumentException("parameter 'epsilon' must be > 0 (a silent row has zero variance), got " + epsilon);
        }
        return new ReluLayerNormLayer(shape, epsilon);
    }
}

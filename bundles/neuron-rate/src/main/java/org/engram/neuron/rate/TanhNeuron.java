package org.engram.neuron.rate;

import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.EngramNeuron;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * The v1 (2021) rate unit (spec §1.3): {@code z = tanh(h) + ν} with optional rate noise
 * {@code ν ~ U(−rateNoise, rateNoise)}, drawn per unit and step from the layer's generator. The VJP
 * is the noise-free derivative {@code 1 − tanh(h)²} (spec §2.6's post-synaptic factor {@code 1 − z²}
 * with the noise left out, since ν does not depend on h).
 */
@Component(service = NeuronModel.class)
@EngramNeuron("tanh")
public final class TanhNeuron implements NeuronModel {

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "0.0", min = 0.0,
                    description = "half-width a of the additive rate noise U(-a, a) (units of rate, tanh's range is [-1, 1]); "
                            + "0 = none, the 2021 paper used 0.05")
            double rateNoise) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public String description() {
        return "tanh rate unit with optional uniform rate noise (arXiv 2021 network)";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public NeuronLayer create(int size, Parameters parameters, SplittableRandom random) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        return new TanhLayer(size, settings.rateNoise(), random);
    }
}

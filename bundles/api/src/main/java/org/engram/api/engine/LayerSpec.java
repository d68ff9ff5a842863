package org.engram.api.engine;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One layer of a trial's network.
 *
 * @param size             number of units
 * @param neuron           neuron-model plugin name, e.g. {@code relu-layernorm}
 * @param neuronParameters that model's parameters; missing ones take their defaults
 */
@ProviderType
public record LayerSpec(int size, String neuron, Map<String, Object> neuronParameters) {

    public LayerSpec {
        neuronParameters = neuronParameters == null ? Map.of() : Map.copyOf(neuronParameters);
    }
}

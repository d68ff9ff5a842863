package org.engram.api.engine;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One layer of a trial's network.
 *
 * @param size                   number of units of a dense layer; 0 where the connectivity derives it from its
 *                               input (convolution, pooling)
 * @param neuron                 neuron-model plugin name, e.g. {@code relu-layernorm}
 * @param neuronParameters       that model's parameters; missing ones take their defaults
 * @param connectivity           connectivity plugin name, e.g. {@code conv2d}; null means {@value #DENSE}
 * @param connectivityParameters that connectivity's parameters; missing ones take their defaults
 */
@ProviderType
public record LayerSpec(int size, String neuron, Map<String, Object> neuronParameters, String connectivity,
        Map<String, Object> connectivityParameters) {

    /** The connectivity of a layer that names none: every unit sees every input. */
    public static final String DENSE = "dense";

    public LayerSpec {
        neuronParameters = neuronParameters == null ? Map.of() : Map.copyOf(neuronParameters);
        connectivityParameters = connectivityParameters == null ? Map.of() : Map.copyOf(connectivityParameters);
    }

    /** A dense layer of {@code size} units. */
    public LayerSpec(int size, String neuron, Map<String, Object> neuronParameters) {
        this(size, neuron, neuronParameters, null, null);
    }

    /** The connectivity's name, {@value #DENSE} when none was given. */
    public String connectivityName() {
        return connectivity == null ? DENSE : connectivity;
    }

    /** Whether this is a plain dense layer with the default connectivity settings (as every layer before API 1.2). */
    public boolean isPlainDense() {
        return DENSE.equals(connectivityName()) && connectivityParameters.isEmpty();
    }
}

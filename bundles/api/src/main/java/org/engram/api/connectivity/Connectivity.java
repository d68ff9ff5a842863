package org.engram.api.connectivity;

import org.engram.api.Plugin;
import org.engram.api.Shape;
import org.engram.api.param.Parameters;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A connectivity plugin: creates the synapses of one layer for one trial. Register with
 * {@code @EngramConnectivity}. The engine initialises the weights it creates (LeCun-normal over
 * {@link Connection#fanIn()}, biases zero), so a connectivity only lays them out.
 */
@ConsumerType
public interface Connectivity extends Plugin {

    /**
     * @param input      the shape of the layer's input (the network input or the layer below's activity)
     * @param size       the layer's {@code size} as the study gave it, or 0 when it gave none; a connectivity that
     *                   derives its size from the input (convolution, pooling) rejects a size it does not produce
     * @param parameters resolved parameters of this connectivity
     * @throws IllegalArgumentException naming the problem and its fix when the input shape, the size and the
     *                                  parameters do not fit (a kernel larger than the input, a pool that does not
     *                                  divide it, an input with no image shape); the engine reports it with the layer
     */
    Connection create(Shape input, int size, Parameters parameters);
}

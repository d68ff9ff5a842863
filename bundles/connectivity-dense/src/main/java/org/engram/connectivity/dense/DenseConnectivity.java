package org.engram.connectivity.dense;

import java.util.List;
import org.engram.api.EngramConnectivity;
import org.engram.api.Shape;
import org.engram.api.connectivity.Connection;
import org.engram.api.connectivity.Connectivity;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.numerics.connectivity.DenseConnection;
import org.osgi.service.component.annotations.Component;

/** Every unit sees every input, {@code h = W x + b}: the connectivity of a layer that names none. */
@Component(service = Connectivity.class)
@EngramConnectivity("dense")
public final class DenseConnectivity implements Connectivity {

    @Override
    public String description() {
        return "every unit sees every input, h = W x + b (an image input is flattened); the layer's size is its unit count";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of();
    }

    @Override
    public Connection create(Shape input, int size, Parameters parameters) {
        if (size < 1) {
            throw new IllegalArgumentException("a dense layer needs its size (number of units), e.g. {size: 128, neuron: relu-layernorm}");
        }
        return new DenseConnection(input, size);
    }
}

package org.engram.connectivity.pool;

import java.util.List;
import org.engram.api.Shape;
import org.engram.api.connectivity.Connection;
import org.engram.api.connectivity.Connectivity;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.numerics.connectivity.PoolConnection;

/** What the two pooling plugins share: their one parameter and the size check. */
abstract class Pooling implements Connectivity {

    static final String SIZE = "size";

    private static final List<ParameterDescriptor> PARAMETERS = List.of(
            ParameterDescriptor.integer(SIZE, 2, 1L, 1024L, "side of each square window, in pixels; windows do not overlap (stride = size)"));

    private final PoolConnection.Mode mode;

    Pooling(PoolConnection.Mode mode) {
        this.mode = mode;
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return PARAMETERS;
    }

    @Override
    public Connection create(Shape input, int size, Parameters parameters) {
        PoolConnection c = new PoolConnection(input, parameters.getInt(SIZE), mode);
        if (size != 0 && size != c.outputShape().size()) {
            throw new IllegalArgumentException("a pooling layer's size follows from its input (" + c.outputShape() + " = "
                    + c.outputShape().size() + " units), but the layer says size " + size
                    + "; remove size (the window's side is the pooling parameter 'size' under connectivity)");
        }
        return c;
    }
}

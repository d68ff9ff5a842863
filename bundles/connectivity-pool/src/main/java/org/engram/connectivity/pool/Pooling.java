package org.engram.connectivity.pool;

import java.util.List;
import org.engram.api.Shape;
import org.engram.api.connectivity.Connection;
import org.engram.api.connectivity.Connectivity;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.engram.numerics.connectivity.PoolConnection;

/** What the two pooling plugins share: their one parameter and the size check. */
abstract class Pooling implements Connectivity {

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "2", min = 1, max = 1024,
                    description = "side of each square window, in pixels; windows do not overlap (stride = size)")
            int size) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    private final PoolConnection.Mode mode;

    Pooling(PoolConnection.Mode mode) {
        this.mode = mode;
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public Connection create(Shape input, int size, Parameters parameters) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        PoolConnection c = new PoolConnection(input, settings.size(), mode);
        if (size != 0 && size != c.outputShape().size()) {
            throw new IllegalArgumentException("a pooling layer's size follows from its input (" + c.outputShape() + " = "
                    + c.outputShape().size() + " units), but the layer says size " + size
                    + "; remove size (the window's side is the pooling parameter 'size' under connectivity)");
        }
        return c;
    }
}

package org.engram.connectivity.conv;

import java.util.List;
import org.engram.api.EngramConnectivity;
import org.engram.api.Shape;
import org.engram.api.connectivity.Connection;
import org.engram.api.connectivity.Connectivity;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.engram.numerics.connectivity.Conv2dConnection;
import org.osgi.service.component.annotations.Component;

/**
 * A 2-D convolution with zero padding (spec §1(b): 3×3, stride 1, padding 1). Its units are
 * {@code channels × H_out × W_out}, so a conv layer gives no size of its own.
 */
@Component(service = Connectivity.class)
@EngramConnectivity("conv2d")
public final class Conv2dConnectivity implements Connectivity {

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "16", min = 1, max = 65536,
                    description = "output channels (feature maps); the paper's CIFAR CNN uses 128 then 256")
            int channels,
            @Parameter(defaultValue = "3", min = 1, max = 1024,
                    description = "side of the square kernel, in input pixels")
            int kernel,
            @Parameter(defaultValue = "1", min = 1, max = 1024,
                    description = "step between kernel positions, in input pixels")
            int stride,
            @Parameter(defaultValue = "1", min = 0, max = 1024,
                    description = "zeros added on each side of the input, in pixels; (kernel − 1)/2 keeps the size at stride 1")
            int padding) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public String description() {
        return "2-D convolution (cross-correlation) with zero padding, weights [channels, inChannels, kernel, kernel] and a bias per channel";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public Connection create(Shape input, int size, Parameters parameters) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        Conv2dConnection c = new Conv2dConnection(input, settings.channels(), settings.kernel(),
                settings.stride(), settings.padding());
        if (size != 0 && size != c.outputShape().size()) {
            throw new IllegalArgumentException("a conv2d layer's size follows from its input and parameters (" + c.outputShape()
                    + " = " + c.outputShape().size() + " units), but the layer says size " + size + "; remove size");
        }
        return c;
    }
}

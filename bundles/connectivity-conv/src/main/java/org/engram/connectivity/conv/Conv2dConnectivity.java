package org.engram.connectivity.conv;

import java.util.List;
import org.engram.api.EngramConnectivity;
import org.engram.api.Shape;
import org.engram.api.connectivity.Connection;
import org.engram.api.connectivity.Connectivity;
import org.engram.api.param.ParameterDescriptor;
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

    static final String CHANNELS = "channels";
    static final String KERNEL = "kernel";
    static final String STRIDE = "stride";
    static final String PADDING = "padding";

    private static final List<ParameterDescriptor> PARAMETERS = List.of(
            ParameterDescriptor.integer(CHANNELS, 16, 1L, 65536L, "output channels (feature maps); the paper's CIFAR CNN uses 128 then 256"),
            ParameterDescriptor.integer(KERNEL, 3, 1L, 1024L, "side of the square kernel, in input pixels"),
            ParameterDescriptor.integer(STRIDE, 1, 1L, 1024L, "step between kernel positions, in input pixels"),
            ParameterDescriptor.integer(PADDING, 1, 0L, 1024L,
                    "zeros added on each side of the input, in pixels; (kernel − 1)/2 keeps the size at stride 1"));

    @Override
    public String description() {
        return "2-D convolution (cross-correlation) with zero padding, weights [channels, inChannels, kernel, kernel] and a bias per channel";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return PARAMETERS;
    }

    @Override
    public Connection create(Shape input, int size, Parameters parameters) {
        Conv2dConnection c = new Conv2dConnection(input, parameters.getInt(CHANNELS), parameters.getInt(KERNEL),
                parameters.getInt(STRIDE), parameters.getInt(PADDING));
        if (size != 0 && size != c.outputShape().size()) {
            throw new IllegalArgumentException("a conv2d layer's size follows from its input and parameters (" + c.outputShape()
                    + " = " + c.outputShape().size() + " units), but the layer says size " + size + "; remove size");
        }
        return c;
    }
}

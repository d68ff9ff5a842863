package org.engram.connectivity.conv;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.engram.api.EngramConnectivity;
import org.engram.api.PluginKind;
import org.engram.api.Shape;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.connectivity.Connection;
import org.engram.api.connectivity.Connectivity;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.numerics.connectivity.Conv2dConnection;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

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
    static final String BACKEND = "backend";
    /** {@link #BACKEND}'s default: the backend the trial passes, as for every other layer. */
    static final String TRIALS_BACKEND = "";

    private static final List<ParameterDescriptor> PARAMETERS = List.of(
            ParameterDescriptor.integer(CHANNELS, 16, 1L, 65536L, "output channels (feature maps); the paper's CIFAR CNN uses 128 then 256"),
            ParameterDescriptor.integer(KERNEL, 3, 1L, 1024L, "side of the square kernel, in input pixels"),
            ParameterDescriptor.integer(STRIDE, 1, 1L, 1024L, "step between kernel positions, in input pixels"),
            ParameterDescriptor.integer(PADDING, 1, 0L, 1024L,
                    "zeros added on each side of the input, in pixels; (kernel − 1)/2 keeps the size at stride 1"),
            ParameterDescriptor.text(BACKEND, TRIALS_BACKEND,
                    "compute backend for this layer's products (e.g. nd4j, which pays on wide conv layers); empty: the trial's"));

    /** Installed backends by name, for layers that pick their own. */
    private final Map<String, ComputeBackend> backends = new TreeMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBackend(ComputeBackend backend, Map<String, Object> properties) {
        if (properties.get(PluginKind.BACKEND.property()) instanceof String name) {
            synchronized (backends) {
                backends.put(name, backend);
            }
        }
    }

    void unbindBackend(ComputeBackend backend, Map<String, Object> properties) {
        synchronized (backends) {
            backends.values().remove(backend);
        }
    }

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
        String backend = parameters.getString(BACKEND);
        return backend.isEmpty() ? c : new OnBackend(c, backend(backend));
    }

    private ComputeBackend backend(String name) {
        synchronized (backends) {
            ComputeBackend backend = backends.get(name);
            if (backend == null) {
                throw new IllegalArgumentException("conv2d: backend '" + name + "' is not installed; installed: "
                        + String.join(", ", backends.keySet()) + " (or leave backend out to use the trial's)");
            }
            return backend;
        }
    }
}

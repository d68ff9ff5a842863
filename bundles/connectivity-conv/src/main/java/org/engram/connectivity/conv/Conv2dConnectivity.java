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
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
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
            int padding,
            @Parameter(defaultValue = TRIALS_BACKEND, description = "compute backend for this layer's products (e.g. "
                    + "nd4j, which pays on wide conv layers); empty: the trial's")
            String backend) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    /** {@code backend}'s default: the backend the trial passes, as for every other layer. */
    static final String TRIALS_BACKEND = "";

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
        return settings.backend().isEmpty() ? c : new OnBackend(c, backend(settings.backend()));
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

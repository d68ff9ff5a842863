package org.engram.api;

import java.util.List;
import org.engram.api.param.ParameterDescriptor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What every plugin service tells the engine about itself. The plugin's name is not here: it is the
 * service property of its kind (see {@link PluginKind#property()}), stamped by one of the component
 * property types such as {@link EngramRule}, so the registry and the plugin can never disagree.
 */
@ConsumerType
public interface Plugin {

    /** One line for {@code engram plugins}. */
    String description();

    /**
     * Every parameter the plugin accepts; each default must work without any configuration. Declare them once,
     * as the components of a settings record, and return {@link org.engram.api.param.ParameterSet#descriptors()}
     * of it; read the resolved values back with {@link org.engram.api.param.ParameterSet#read}.
     */
    List<ParameterDescriptor> parameters();
}

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

    /** Every parameter the plugin accepts; each default must work without any configuration. */
    List<ParameterDescriptor> parameters();
}

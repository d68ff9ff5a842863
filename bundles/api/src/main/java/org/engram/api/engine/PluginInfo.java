package org.engram.api.engine;

import java.util.List;
import org.engram.api.PluginKind;
import org.engram.api.param.ParameterDescriptor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A discovered plugin.
 *
 * @param bundle  symbolic name of the bundle that provides it
 * @param version that bundle's version
 */
@ProviderType
public record PluginInfo(PluginKind kind, String name, String description, String bundle, String version,
        List<ParameterDescriptor> parameters) {

    public PluginInfo {
        parameters = List.copyOf(parameters);
    }
}

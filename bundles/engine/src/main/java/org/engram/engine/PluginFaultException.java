package org.engram.engine;

/**
 * A plugin called on behalf of another (the memory inside a rule's step) threw: wraps the throwable with the
 * plugin it came from, so the trial's error names the plugin at fault rather than its caller.
 */
final class PluginFaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient PluginRegistry.Entry plugin;

    PluginFaultException(PluginRegistry.Entry plugin, Throwable cause) {
        super(cause.toString(), cause);
        this.plugin = plugin;
    }

    PluginRegistry.Entry plugin() {
        return plugin;
    }
}

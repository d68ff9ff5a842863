package org.engram.api.engine;

import java.util.Objects;
import org.engram.api.PluginKind;
import org.engram.api.param.ParameterProblem;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One reason a trial cannot run, as data: what kind of problem, which plugin, layer and parameter it
 * concerns, and the message for people. A study tool finds the line of the study file from the fields,
 * never from the message.
 *
 * @param kind       what kind of problem
 * @param plugin     the kind of plugin concerned, or null when none is (the trial's epochs, its network)
 * @param pluginName the plugin's name as the trial gave it, or null when it gave none or none is concerned
 * @param layer      the index of the layer concerned (its neuron model or connectivity), or {@link #NO_LAYER}
 * @param parameter  the parameter concerned as the trial wrote it, or null
 * @param message    what is wrong and what would fix it
 */
@ProviderType
public record TrialProblem(Kind kind, PluginKind plugin, String pluginName, int layer, String parameter, String message) {

    /** {@link #layer()} of a problem that concerns no layer. */
    public static final int NO_LAYER = -1;

    /** What kind of problem it is. */
    public enum Kind {
        /** The trial's own settings (epochs, sample limits) or the data against the whole network. */
        TRIAL,
        /** A layer's own settings or shape. */
        LAYER,
        /** Something the trial must name is absent: a plugin's name or the layers. */
        MISSING,
        /** A plugin name that no installed plugin has. */
        UNKNOWN_PLUGIN,
        /** A plugin name that several bundles claim alike. */
        AMBIGUOUS_PLUGIN,
        /** A plugin that failed when asked about itself. */
        BROKEN_PLUGIN,
        /** A parameter of a plugin: unknown, of the wrong type or out of range. */
        PARAMETER,
        /** A saved checkpoint that does not belong to this trial. */
        CHECKPOINT
    }

    public TrialProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        if (layer < NO_LAYER) {
            throw new IllegalArgumentException("layer " + layer + " is below " + NO_LAYER);
        }
    }

    /** A problem of the trial as a whole. */
    public static TrialProblem ofTrial(String message) {
        return new TrialProblem(Kind.TRIAL, null, null, NO_LAYER, null, message);
    }

    /** A problem of one layer's settings or shape. */
    public static TrialProblem ofLayer(int layer, String message) {
        return new TrialProblem(Kind.LAYER, null, null, layer, null, message);
    }

    /** The trial has no layers. */
    public static TrialProblem noLayers() {
        return new TrialProblem(Kind.MISSING, null, null, NO_LAYER, null,
                "no layers; give at least the output layer, e.g. {size: 10, neuron: linear}");
    }

    /**
     * The trial names no plugin of a kind.
     *
     * @param layer     the layer whose neuron model or connectivity it is, or {@link #NO_LAYER}
     * @param available the names installed, as text
     */
    public static TrialProblem missingPlugin(PluginKind plugin, int layer, String available) {
        return new TrialProblem(Kind.MISSING, plugin, null, layer, null, "no " + plugin.word() + " given; available: " + available);
    }

    /** The trial names a plugin that is not installed. */
    public static TrialProblem unknownPlugin(PluginKind plugin, String name, int layer, String available) {
        return new TrialProblem(Kind.UNKNOWN_PLUGIN, plugin, name, layer, null,
                "unknown " + plugin.word() + " '" + name + "'; available: " + available);
    }

    /** One problem with a parameter given to a plugin; the message starts with the plugin, as {@code rule 'x': ...}. */
    public static TrialProblem ofParameter(PluginKind plugin, String name, int layer, ParameterProblem problem) {
        return new TrialProblem(Kind.PARAMETER, plugin, name, layer, problem.parameter(),
                plugin.word() + " '" + name + "': " + problem.message());
    }

    /** The message. */
    @Override
    public String toString() {
        return message;
    }
}

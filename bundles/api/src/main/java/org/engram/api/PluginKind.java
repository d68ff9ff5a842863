package org.engram.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.osgi.annotation.versioning.ProviderType;

/** The six kinds of plugin and the service property that names a plugin of each kind. */
@ProviderType
public enum PluginKind {
    DATASET("dataset", "engram.dataset"),
    NEURON("neuron", "engram.neuron"),
    RULE("rule", "engram.rule"),
    MEMORY("memory", "engram.memory"),
    BACKEND("backend", "engram.backend"),
    CONNECTIVITY("connectivity", "engram.connectivity");

    private final String word;
    private final String property;

    PluginKind(String word, String property) {
        this.word = word;
        this.property = property;
    }

    /** The word users type: {@code engram describe rule ib-hebbian}. */
    public String word() {
        return word;
    }

    /** The service property holding the plugin's name, e.g. {@code engram.rule}. */
    public String property() {
        return property;
    }

    /** Parses the user's word for a kind; the error lists the valid words. */
    public static PluginKind parse(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        for (PluginKind k : values()) {
            if (k.word.equals(w) || (k.word + "s").equals(w)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown plugin kind '" + word + "'; use one of: "
                + Arrays.stream(values()).map(PluginKind::word).collect(Collectors.joining(", ")));
    }
}

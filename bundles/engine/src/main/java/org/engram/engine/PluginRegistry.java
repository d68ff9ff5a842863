package org.engram.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.engram.api.Plugin;
import org.engram.api.PluginKind;
import org.engram.api.engine.PluginInfo;
import org.engram.api.param.ParameterDescriptor;
import org.osgi.framework.Bundle;

/**
 * Every plugin the engine has been given, by kind and name. When two services claim one name, the one
 * with the higher ranking (then the older service) wins and the other waits behind it, so unregistering
 * the winner reveals the next. Thread-safe: plugins come and go on framework threads while trials run.
 */
final class PluginRegistry {

    /**
     * One registered plugin service.
     *
     * @param origin the bundle that registered it, for provenance; null when registered without a framework
     */
    record Entry(PluginKind kind, String name, Plugin service, String bundle, String version, long serviceId,
            int ranking, Bundle origin) {

        /** Its listing; a plugin whose description or parameters throw is still listed, with the fault, never hiding the others. */
        PluginInfo info() {
            String description;
            List<ParameterDescriptor> parameters;
            try {
                description = service.description();
            } catch (RuntimeException | LinkageError e) {
                description = "(broken: description() threw " + e + ")";
            }
            try {
                parameters = service.parameters();
            } catch (RuntimeException | LinkageError e) {
                parameters = List.of();
                description = description + " (broken: parameters() threw " + e + ")";
            }
            return new PluginInfo(kind, name, description == null ? "" : description, bundle, version,
                    parameters == null ? List.of() : parameters);
        }

        /** {@code ib-hebbian (org.engram.rule.ibhebbian 0.1.0)}, for messages and provenance. */
        String describe() {
            return name + " (" + bundle + " " + version + ")";
        }
    }

    private static final Comparator<Entry> PRECEDENCE = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final Map<PluginKind, Map<String, List<Entry>>> entries = new EnumMap<>(PluginKind.class);

    synchronized void add(Entry entry) {
        List<Entry> claims = entries.computeIfAbsent(entry.kind(), k -> new TreeMap<>())
                .computeIfAbsent(entry.name(), n -> new ArrayList<>());
        claims.add(entry);
        claims.sort(PRECEDENCE);
    }

    synchronized void remove(PluginKind kind, long serviceId) {
        Map<String, List<Entry>> byName = entries.get(kind);
        if (byName == null) {
            return;
        }
        byName.values().forEach(claims -> claims.removeIf(e -> e.serviceId() == serviceId));
        byName.values().removeIf(List::isEmpty);
    }

    synchronized Optional<Entry> get(PluginKind kind, String name) {
        Map<String, List<Entry>> byName = entries.get(kind);
        if (byName == null || name == null) {
            return Optional.empty();
        }
        List<Entry> claims = byName.get(name);
        return claims == null || claims.isEmpty() ? Optional.empty() : Optional.of(claims.get(0));
    }

    /**
     * The other claims of a name that rank as high as the winner: a choice the registry can only make by
     * age, so a trial naming it is refused rather than run with whichever bundle happened to start first.
     */
    synchronized List<Entry> rivals(PluginKind kind, String name) {
        Map<String, List<Entry>> byName = entries.get(kind);
        List<Entry> claims = byName == null || name == null ? null : byName.get(name);
        if (claims == null || claims.size() < 2) {
            return List.of();
        }
        int top = claims.get(0).ranking();
        return List.copyOf(claims.subList(1, claims.size()).stream().filter(e -> e.ranking() == top).toList());
    }

    /** The winning entry of every name, sorted by kind then name. */
    synchronized List<Entry> all() {
        List<Entry> out = new ArrayList<>();
        for (PluginKind kind : PluginKind.values()) {
            Map<String, List<Entry>> byName = entries.get(kind);
            if (byName != null) {
                byName.values().forEach(claims -> out.add(claims.get(0)));
            }
        }
        return out;
    }

    /** Names that more than one service claims, for a warning in {@code engram plugins}. */
    synchronized List<String> conflicts() {
        List<String> out = new ArrayList<>();
        entries.forEach((kind, byName) -> byName.forEach((name, claims) -> {
            if (claims.size() > 1) {
                out.add(kind.word() + " '" + name + "' is claimed by " + claims.stream()
                        .map(e -> e.bundle() + " " + e.version()).toList() + "; using " + claims.get(0).bundle());
            }
        }));
        return out;
    }

    /** The names of one kind, for "available: ..." in error messages. */
    synchronized List<String> names(PluginKind kind) {
        Map<String, List<Entry>> byName = entries.get(kind);
        return byName == null ? List.of() : List.copyOf(byName.keySet());
    }
}

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

/**
 * Every plugin the engine has been given, by kind and name. When two services claim one name, the one
 * with the higher ranking (then the older service) wins and the other waits behind it, so unregistering
 * the winner reveals the next. Thread-safe: plugins come and go on framework threads while trials run.
 */
final class PluginRegistry {

    /**
     * One registered plugin service. What a trial records of its code is captured when the service is bound
     * ({@link #origin()}), never read from the live bundle, which a hot swap may have updated or uninstalled
     * since. When the service is unregistered the entry is {@linkplain #withdrawn() withdrawn}: a trial using it
     * stops at its next check rather than mix the old version with the new.
     */
    static final class Entry {
        private final PluginKind kind;
        private final String name;
        private final Plugin service;
        private final String bundle;
        private final String version;
        private final long serviceId;
        private final int ranking;
        private final ProvenanceBundles.Origin origin;
        /** Read after every learning step of every trial using the plugin: a volatile read, nothing more. */
        private volatile boolean withdrawn;

        /**
         * @param bundle  symbolic name of the bundle that registered it
         * @param version that bundle's version when it registered it
         * @param origin  its code for provenance, captured at bind time; null when registered without a framework
         */
        Entry(PluginKind kind, String name, Plugin service, String bundle, String version, long serviceId, int ranking,
                ProvenanceBundles.Origin origin) {
            this.kind = kind;
            this.name = name;
            this.service = service;
            this.bundle = bundle;
            this.version = version;
            this.serviceId = serviceId;
            this.ranking = ranking;
            this.origin = origin;
        }

        PluginKind kind() {
            return kind;
        }

        String name() {
            return name;
        }

        Plugin service() {
            return service;
        }

        String bundle() {
            return bundle;
        }

        String version() {
            return version;
        }

        long serviceId() {
            return serviceId;
        }

        int ranking() {
            return ranking;
        }

        ProvenanceBundles.Origin origin() {
            return origin;
        }

        /** Whether the service has been unregistered: its bundle was updated, stopped or uninstalled. */
        boolean withdrawn() {
            return withdrawn;
        }

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

        @Override
        public String toString() {
            return kind.word() + " " + describe() + (withdrawn ? ", withdrawn" : "");
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
        notifyAll(); // a run waiting for this name (awaitAll)
    }

    /** Drops the service's entry and marks it withdrawn, so that the trials using it stop at their next check. */
    synchronized void remove(PluginKind kind, long serviceId) {
        Map<String, List<Entry>> byName = entries.get(kind);
        if (byName == null) {
            return;
        }
        byName.values().forEach(claims -> claims.removeIf(e -> {
            if (e.serviceId() != serviceId) {
                return false;
            }
            e.withdrawn = true;
            return true;
        }));
        byName.values().removeIf(List::isEmpty);
    }

    /**
     * Waits until every named plugin is registered, at most {@code millis}: a hot swap leaves a name unclaimed
     * between the old service going and the new one coming, and a trial starting then should get the new one
     * rather than be refused. Returns at once when all are there.
     *
     * @return whether all are there; false also when the waiting thread is interrupted (its flag stays set)
     */
    synchronized boolean awaitAll(List<Map.Entry<PluginKind, String>> names, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!names.stream().allMatch(n -> get(n.getKey(), n.getValue()).isPresent())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
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

    /** The names of one kind, for "available: ..." in error messages. */
    synchronized List<String> names(PluginKind kind) {
        Map<String, List<Entry>> byName = entries.get(kind);
        return byName == null ? List.of() : List.copyOf(byName.keySet());
    }
}

package org.engram.study;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.engram.api.PluginKind;
import org.engram.api.engine.Engine;
import org.engram.api.engine.PluginInfo;
import org.engram.api.param.ParameterDescriptor;
import org.engram.study.StudyParser.RunSettings;
import org.engram.study.Yaml.YList;
import org.engram.study.Yaml.YMap;
import org.engram.study.Yaml.YNode;
import org.engram.study.Yaml.YScalar;

/**
 * A study's {@code sweep:}: its keys, checked, and the points of one variant, each the variant's sections and run
 * settings with one value of every key that applies laid over them. A key applies to a trial whose plugin declares
 * it (or whose plugin is unknown: the engine's check then names the real problem); a key that applies to no trial is a
 * problem. One per study file.
 */
final class SweepExpansion {

    private enum SweepTarget { RUN, SECTION, LAYER }

    /** One key of {@code sweep}: {@code epochs}, {@code rule.window} or {@code network.0.size}. */
    private record SweepKey(String key, int line, List<YScalar> values, SweepTarget target, String section, int layer,
            String param) {

        /** Whether it picks a plugin, which decides which other keys apply. */
        boolean picksPlugin() {
            return (target == SweepTarget.SECTION && param.equals("name"))
                    || (target == SweepTarget.LAYER && param.equals("neuron"));
        }
    }

    /**
     * One point of a variant's sweep.
     *
     * @param values   the value of each key that applies, in the file's key order
     * @param group    the variant's name and {@code _label=value} per key: the trials' id without the seed
     * @param sections the variant's sections with the values applied
     * @param run      the variant's run settings with the values applied
     */
    record Point(Map<String, Object> values, String group, Map<String, YNode> sections, RunSettings run) {
    }

    /** Told of each point; returns false to stop the expansion. */
    interface PointVisitor {
        boolean visit(Point point);
    }

    private final Engine engine;
    private final StudyProblems problems;
    private final List<SweepKey> keys;
    private final Map<SweepKey, String> labels;
    private final Set<SweepKey> applied = new HashSet<>();

    SweepExpansion(YMap top, Engine engine, StudyProblems problems) {
        this.engine = engine;
        this.problems = problems;
        this.keys = sweepKeys(top);
        this.labels = labels(keys);
    }

    /**
     * Visits every distinct point of a variant's sweep, in the odometer order of the file's keys (the last key
     * fastest), until the visitor says stop.
     *
     * @return false if the visitor stopped it
     */
    boolean expand(String variant, Map<String, YNode> variantSections, RunSettings variantRun, PointVisitor visitor) {
        Set<Map<String, Object>> points = new LinkedHashSet<>();
        int[] odometer = new int[keys.size()];
        boolean more = keys.stream().allMatch(k -> !k.values().isEmpty());
        while (more) {
            Map<String, YNode> sections = new LinkedHashMap<>(variantSections);
            RunSettings run = variantRun;
            Map<String, Object> point = new LinkedHashMap<>();
            Map<SweepKey, YScalar> chosen = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                chosen.put(keys.get(i), keys.get(i).values().get(odometer[i]));
            }
            // plugin choices first: they decide which parameter keys apply
            for (Map.Entry<SweepKey, YScalar> e : chosen.entrySet()) {
                SweepKey k = e.getKey();
                if (k.picksPlugin() && (k.target() == SweepTarget.SECTION || target(sections, k) != null)) {
                    applyTo(sections, k, e.getValue());
                    applied.add(k);
                    point.put(k.key(), e.getValue().value());
                }
            }
            for (Map.Entry<SweepKey, YScalar> e : chosen.entrySet()) {
                SweepKey k = e.getKey();
                if (k.target() == SweepTarget.RUN) {
                    run = run.with(k.key(), e.getValue());
                } else if (k.picksPlugin() || !applies(sections, k)) {
                    continue;
                } else {
                    applyTo(sections, k, e.getValue());
                }
                applied.add(k);
                point.put(k.key(), e.getValue().value());
            }
            // keep the file's key order in the point, whatever order they were applied in
            Map<String, Object> ordered = new LinkedHashMap<>();
            keys.forEach(k -> {
                if (point.containsKey(k.key())) {
                    ordered.put(k.key(), point.get(k.key()));
                }
            });
            if (points.add(ordered)) {
                StringBuilder group = new StringBuilder(variant);
                keys.forEach(k -> {
                    if (ordered.containsKey(k.key())) {
                        group.append('_').append(idValue(labels.get(k))).append('=').append(idValue(ordered.get(k.key())));
                    }
                });
                if (!visitor.visit(new Point(ordered, group.toString(), sections, run))) {
                    return false;
                }
            }
            more = advance(odometer);
        }
        return true;
    }

    /** After every variant expanded: each key that applied to none is a problem, saying what the variants accept. */
    void reportUnapplied(List<Map<String, YNode>> variantSections) {
        for (SweepKey k : keys) {
            if (!applied.contains(k) && !k.values().isEmpty()) {
                problems.problem(k.line(), "sweep key '" + k.key() + "' applies to no trial: " + whyNotApplied(k, variantSections));
            }
        }
    }

    // ---- the keys ------------------------------------------------------------------------------

    private List<SweepKey> sweepKeys(YMap top) {
        YNode s = top.get("sweep");
        if (s == null) {
            return List.of();
        }
        if (!(s instanceof YMap m)) {
            problems.problem(s.line(), "sweep must be a mapping of dotted keys to lists of values, e.g. rule.window: [2, 4, 8]");
            return List.of();
        }
        List<SweepKey> out = new ArrayList<>();
        for (Map.Entry<String, YNode> e : m.entries().entrySet()) {
            String key = e.getKey();
            int line = m.keyLine(key);
            List<YScalar> values = sweepValues(key, e.getValue());
            String[] parts = key.split("\\.", -1);
            if (parts.length == 1 && List.of("epochs", "trainLimit", "testLimit").contains(key)) {
                out.add(new SweepKey(key, line, values, SweepTarget.RUN, null, -1, key));
            } else if (parts.length == 1 && (key.equals("seed") || key.equals("seeds"))) {
                problems.problem(line, "seeds are not swept here; list them with seeds: [1, 2, 3]");
            } else if (parts.length == 2 && List.of("dataset", "rule", "memory", "backend").contains(parts[0])
                    && !parts[1].isEmpty()) {
                out.add(new SweepKey(key, line, values, SweepTarget.SECTION, parts[0], -1, parts[1]));
            } else if (parts.length == 3 && parts[0].equals("network") && parts[1].matches("\\d{1,4}") && !parts[2].isEmpty()) {
                out.add(new SweepKey(key, line, values, SweepTarget.LAYER, "network", Integer.parseInt(parts[1]), parts[2]));
            } else {
                problems.problem(line, "unknown sweep key '" + key + "'; use epochs, trainLimit, testLimit, <section>.<parameter> "
                        + "(section: dataset, rule, memory, backend; e.g. rule.window, rule.name) or network.<layer>.<key> "
                        + "(e.g. network.0.size, network.1.neuron)");
            }
        }
        for (SweepKey k : out) {
            if (k.picksPlugin() || k.target() == SweepTarget.LAYER && k.param().equals("size")
                    || k.target() == SweepTarget.RUN) {
                for (YScalar v : k.values()) {
                    boolean word = v.value() instanceof String;
                    if (k.picksPlugin() != word) {
                        problems.problem(v.line(), "sweep key '" + k.key() + "' takes " + (word ? "whole numbers" : "plugin names")
                                + ", got '" + v.value() + "'");
                    }
                }
            }
        }
        return out;
    }

    private List<YScalar> sweepValues(String key, YNode n) {
        if (!(n instanceof YList l) || l.items().isEmpty()) {
            problems.problem(n.line(), "sweep key '" + key + "' needs a non-empty list of values, e.g. [2, 4, 8]");
            return List.of();
        }
        List<YScalar> out = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (YNode item : l.items()) {
            if (!(item instanceof YScalar s) || s.value() == null) {
                problems.problem(item.line(), "sweep values must be numbers, words or true/false");
                continue;
            }
            if (!seen.add(s.value())) {
                problems.problem(item.line(), "sweep key '" + key + "' lists " + s.value() + " twice");
            }
            out.add(s);
        }
        return out;
    }

    /** Short names of sweep keys in trial ids: the last segment, unless two keys share it. */
    private static Map<SweepKey, String> labels(List<SweepKey> keys) {
        Map<SweepKey, String> out = new LinkedHashMap<>();
        Map<String, Integer> count = new HashMap<>();
        for (SweepKey k : keys) {
            String label = switch (k.target()) {
                case RUN -> k.key();
                case SECTION -> k.param().equals("name") ? k.section() : k.param();
                case LAYER -> k.param() + k.layer();
            };
            out.put(k, label);
            count.merge(label, 1, Integer::sum);
        }
        out.replaceAll((k, label) -> count.get(label) > 1 ? k.key() : label);
        return out;
    }

    // ---- applying a value ----------------------------------------------------------------------

    private boolean advance(int[] odometer) {
        for (int i = odometer.length - 1; i >= 0; i--) {
            if (++odometer[i] < keys.get(i).values().size()) {
                return true;
            }
            odometer[i] = 0;
        }
        return false;
    }

    /** The mapping a sweep key changes in one trial: a plugin section or a layer; null if the trial has none. */
    private static YMap target(Map<String, YNode> sections, SweepKey k) {
        if (k.target() == SweepTarget.LAYER) {
            return sections.get("network") instanceof YList l && k.layer() < l.items().size()
                    && l.items().get(k.layer()) instanceof YMap m ? m : null;
        }
        return sections.get(k.section()) instanceof YMap m ? m : null;
    }

    private Optional<PluginInfo> plugin(SweepKey k, YMap target) {
        if (target == null) {
            return Optional.empty();
        }
        YNode name = target.get(k.target() == SweepTarget.LAYER ? "neuron" : "name");
        PluginKind kind = k.target() == SweepTarget.LAYER ? PluginKind.NEURON : PluginKind.parse(k.section());
        return name instanceof YScalar s && s.value() instanceof String n ? engine.plugin(kind, n) : Optional.empty();
    }

    /**
     * Whether a parameter key belongs in a trial: the trial's plugin declares it, or the trial sets it
     * itself, or the plugin is unknown (then the engine's check reports the real problem). A layer key
     * applies only to a trial with that many layers.
     */
    private boolean applies(Map<String, YNode> sections, SweepKey k) {
        YMap target = target(sections, k);
        if (k.target() == SweepTarget.LAYER) {
            if (target == null) {
                return false;
            }
            if (k.param().equals("size")) {
                return true;
            }
        }
        if (target != null && target.get(k.param()) != null) {
            return true;
        }
        Optional<PluginInfo> p = plugin(k, target);
        return p.isEmpty() || p.get().parameters().stream().anyMatch(d -> d.name().equals(k.param()));
    }

    private String whyNotApplied(SweepKey k, List<Map<String, YNode>> variantSections) {
        if (k.target() == SweepTarget.LAYER) {
            return "no trial has a layer " + k.layer() + " whose neuron model takes '" + k.param() + "'";
        }
        Set<String> accepts = new LinkedHashSet<>();
        for (Map<String, YNode> sections : variantSections) {
            plugin(k, target(sections, k)).ifPresent(p -> accepts.add(k.section() + " '" + p.name() + "' accepts "
                    + (p.parameters().isEmpty() ? "no parameters"
                            : String.join(", ", p.parameters().stream().map(ParameterDescriptor::name).toList()))));
        }
        return String.join("; ", accepts);
    }

    private void applyTo(Map<String, YNode> sections, SweepKey k, YScalar value) {
        YMap target = target(sections, k);
        if (target == null && k.target() == SweepTarget.LAYER) {
            return;
        }
        Map<String, YNode> entries = target == null ? new LinkedHashMap<>() : new LinkedHashMap<>(target.entries());
        Map<String, Integer> lines = target == null ? new LinkedHashMap<>() : new LinkedHashMap<>(target.keyLines());
        if (k.picksPlugin() && !value.plain().equals(entries.get(k.param()) == null ? null : entries.get(k.param()).plain())) {
            // another plugin: keep only the parameters it declares, as a trial naming another plugin would
            PluginKind kind = k.target() == SweepTarget.LAYER ? PluginKind.NEURON : PluginKind.parse(k.section());
            engine.plugin(kind, value.value().toString()).ifPresent(p -> entries.keySet().removeIf(key ->
                    !key.equals("name") && !key.equals("neuron") && !key.equals("size")
                            && p.parameters().stream().noneMatch(d -> d.name().equals(key))));
        }
        entries.put(k.param(), value);
        lines.put(k.param(), value.line());
        YMap changed = new YMap(entries, lines, target == null ? value.line() : target.line());
        if (k.target() == SweepTarget.LAYER) {
            List<YNode> layers = new ArrayList<>(((YList) sections.get("network")).items());
            layers.set(k.layer(), changed);
            sections.put("network", new YList(layers, sections.get("network").line()));
        } else {
            sections.put(k.section(), changed);
        }
    }

    /** A sweep value as it appears in an id: plain decimals (0.0001, not 1.0E-4), file-name safe. */
    static String idValue(Object v) {
        String s;
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            s = Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : Double.toString(d);
        } else {
            s = String.valueOf(v);
        }
        return s.replaceAll("[^A-Za-z0-9.+-]", "-");
    }
}

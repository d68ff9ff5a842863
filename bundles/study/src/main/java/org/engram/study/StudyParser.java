package org.engram.study;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.engram.api.PluginKind;
import org.engram.api.engine.Engine;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.PluginInfo;
import org.engram.api.engine.TrialProblem;
import org.engram.api.engine.TrialSpec;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.study.InvalidStudyException;
import org.engram.api.study.SlurmResources;
import org.engram.api.study.Study;
import org.engram.api.study.StudyTrial;
import org.engram.study.Yaml.YList;
import org.engram.study.Yaml.YMap;
import org.engram.study.Yaml.YNode;
import org.engram.study.Yaml.YScalar;

/**
 * Turns a study file into its trials: variants (each {@code defaults} overridden by one entry of
 * {@code trials}) x sweep points x seeds, then checks every trial with {@link Engine#validate}. Every
 * problem found is collected, with the line it comes from, before failing. One parser per study.
 */
final class StudyParser {

    static final List<String> TOP_KEYS = List.of("study", "description", "epochs", "seeds", "seed", "trainLimit",
            "testLimit", "parallel", "stallSeconds", "defaults", "trials", "sweep", "slurm", "baseline");
    static final String BASELINE = "baseline";
    /** Seconds without progress after which a trial is failed as stuck (0: never); see {@link TrialWatchdog}. */
    static final String STALL_SECONDS = "stallSeconds";
    /** A week: more is surely a mistake, and 0 already turns the watchdog off. */
    static final long MAX_STALL_SECONDS = 7L * 24 * 3600;
    static final List<String> SECTIONS = List.of("dataset", "network", "rule", "memory", "backend");
    static final List<String> RUN_KEYS = List.of("epochs", "seeds", "seed", "trainLimit", "testLimit");
    static final List<String> SLURM_KEYS = List.of("partition", "time", "cpusPerTask", "mem");
    /** The seed of a study that names none. */
    static final long DEFAULT_SEED = 42;
    /** More trials than this is surely a typo in a sweep. */
    static final int MAX_TRIALS = 10_000;
    /** Longest trial id: it is a folder name, and file systems stop at 255 bytes. */
    static final int MAX_ID_LENGTH = 200;

    /** Study and variant names become folder names: the API's rule for a study's name holds for both. */
    private static final Pattern SAFE_NAME = Study.NAME;
    /** Slurm's time limits: minutes, minutes:seconds, hours:minutes:seconds, days-hours[:minutes[:seconds]]. */
    private static final Pattern SLURM_TIME = Pattern.compile(
            "\\d+(:\\d{1,2}){0,2}|\\d+-\\d{1,2}(:\\d{1,2}){0,2}|(?i:infinite|unlimited)");
    /** Slurm's memory sizes: a whole number with an optional unit (megabytes without one). */
    private static final Pattern SLURM_MEM = Pattern.compile("[1-9]\\d*[KMGT]?");
    private static final Pattern SLURM_PARTITION = Pattern.compile("[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*");

    /** A problem at a line (0: the file as a whole). */
    private record Problem(int line, String message) {
    }

    /** What a variant says about how long and with which seeds its trials run. */
    private record RunSettings(YNode epochs, YNode trainLimit, YNode testLimit, List<Long> seeds) {
    }

    /**
     * One entry of {@code trials}, merged over the defaults. {@code line} is where it is written;
     * {@code broken} when its sections already have problems, which the engine would only repeat.
     */
    private record Variant(String name, int line, Map<String, YNode> sections, RunSettings run, boolean broken) {
    }

    private enum SweepTarget { RUN, SECTION, LAYER }

    /** A layer's key for its connectivity: a name, or a mapping of the name and the connectivity's parameters. */
    private static final String CONNECTIVITY = "connectivity";

    /** One key of {@code sweep}: {@code epochs}, {@code rule.window} or {@code network.0.size}. */
    private record SweepKey(String key, int line, List<YScalar> values, SweepTarget target, String section, int layer,
            String param) {

        /** Whether it picks a plugin, which decides which other keys apply. */
        boolean picksPlugin() {
            return (target == SweepTarget.SECTION && param.equals("name"))
                    || (target == SweepTarget.LAYER && param.equals("neuron"));
        }
    }

    private final Engine engine;
    private final String source;
    private final Map<Problem, Set<String>> problems = new LinkedHashMap<>();
    /** Problems reported so far, counting repeats: tells whether building something found any. */
    private int reported;

    StudyParser(Engine engine, String source) {
        this.engine = engine;
        this.source = source;
    }

    /**
     * @param fallbackName the study's name when the file has no {@code study} key
     */
    Study parse(String text, String fallbackName) throws InvalidStudyException {
        YNode root;
        try {
            root = Yaml.parse(text);
        } catch (Yaml.YamlError e) {
            problem(e.line, e.getMessage());
            throw invalid();
        }
        if (!(root instanceof YMap top)) {
            problem(root == null ? 0 : root.line(), (root == null ? "the file is empty" : "the top level is not a mapping")
                    + "; a study has keys such as study, epochs, seeds, defaults, trials, sweep (see docs/studies.md)");
            throw invalid();
        }
        checkKeys(top, TOP_KEYS, "at the top level");
        String name = studyName(top, fallbackName);
        int parallel = Runtime.getRuntime().availableProcessors();
        if (top.get("parallel") != null) {
            parallel = (int) whole(top.get("parallel"), "parallel", 1, 4096, parallel);
        }
        if (top.get(STALL_SECONDS) != null) {
            whole(top.get(STALL_SECONDS), STALL_SECONDS, 0, MAX_STALL_SECONDS, 0);
        }
        if (top.get("description") != null && !(top.get("description") instanceof YScalar)) {
            problem(top.get("description").line(), "description must be text");
        }
        Map<String, YNode> defaults = new LinkedHashMap<>();
        int before = reported;
        YNode d = top.get("defaults");
        if (d instanceof YMap dm) {
            checkKeys(dm, SECTIONS, "in defaults (run settings such as epochs go at the top level)");
            defaults = sections(dm);
        } else if (d != null) {
            problem(d.line(), "defaults must be a mapping of " + String.join(", ", SECTIONS));
        }
        boolean defaultsBroken = reported != before;
        RunSettings topRun = runSettings(top, null);
        List<Variant> variants = variants(top, defaults, topRun, name, defaultsBroken);
        List<SweepKey> sweep = sweepKeys(top);
        List<StudyTrial> trials = expand(variants, sweep);
        SlurmResources slurm = slurm(top);
        if (problems.isEmpty()) {
            // the groups are known only when every trial expanded
            checkBaseline(top.get(BASELINE), trials);
        }
        if (!problems.isEmpty()) {
            throw invalid();
        }
        return new Study(name, source, text, parallel, trials, slurm);
    }

    /** The optional {@code baseline:} key: the group every other group is compared with in the report. */
    private void checkBaseline(YNode n, List<StudyTrial> trials) {
        if (n == null) {
            return;
        }
        List<String> groups = groups(trials);
        if (!(n instanceof YScalar s && s.value() instanceof String v && groups.contains(v))) {
            problem(n.line(), "baseline must name one of the study's groups (a trial id without its seed): "
                    + String.join(", ", groups.stream().limit(20).toList()) + (groups.size() > 20 ? ", ..." : "")
                    + "; got '" + n.plain() + "'");
        }
    }

    private static List<String> groups(List<StudyTrial> trials) {
        return trials.stream().map(StudyTrial::group).distinct().toList();
    }

    /**
     * The group a report compares the others with: the study's {@code baseline:}, which {@link #parse} checked,
     * else the first group. Read from the study's own text, which a run keeps as {@code study.yaml}, so the study
     * contract needs no field for a setting only this bundle's report uses.
     */
    static String baselineGroup(Study study) {
        List<String> groups = groups(study.trials());
        try {
            if (study.text() != null && Yaml.parse(study.text()) instanceof YMap top && top.get(BASELINE) instanceof YScalar s
                    && s.value() instanceof String v && groups.contains(v)) {
                return v;
            }
        } catch (Yaml.YamlError e) {
            // a study made in code rather than read from a file: no baseline named
        }
        return groups.isEmpty() ? "" : groups.get(0);
    }

    /**
     * How long a trial of the study may make no progress before it is failed as stuck: its {@code stallSeconds}, which
     * {@link #parse} checked, else {@link TrialWatchdog#DEFAULT_TIMEOUT}; zero means never. Read from the study's text,
     * as {@link #baselineGroup} is: it changes no result, so it is no part of a trial's spec.
     */
    static Duration stallTimeout(Study study) {
        try {
            if (study.text() != null && Yaml.parse(study.text()) instanceof YMap top
                    && top.get(STALL_SECONDS) instanceof YScalar s && s.value() instanceof Number n
                    && n.longValue() >= 0 && n.longValue() <= MAX_STALL_SECONDS) {
                return Duration.ofSeconds(n.longValue());
            }
        } catch (Yaml.YamlError e) {
            // a study made in code rather than read from a file: the default
        }
        return TrialWatchdog.DEFAULT_TIMEOUT;
    }

    /** The optional {@code slurm:} section: what each array task of {@code engram submit --slurm} asks for. */
    private SlurmResources slurm(YMap top) {
        YNode n = top.get("slurm");
        if (n == null) {
            return SlurmResources.NONE;
        }
        if (!(n instanceof YMap m)) {
            problem(n.line(), "slurm must be a mapping such as {partition: cpu, time: \"2:00:00\", cpusPerTask: 1, mem: 2G}");
            return SlurmResources.NONE;
        }
        checkKeys(m, SLURM_KEYS, "in slurm");
        String partition = slurmText(m.get("partition"), "partition", SLURM_PARTITION,
                "a partition's name (letters, digits, _ . -), e.g. partition: cpu");
        String time = null;
        YNode t = m.get("time");
        if (t instanceof YScalar ts && ts.value() instanceof Number) {
            // YAML 1.1 reads 1:30:00 as the sexagesimal number 5400, so a bare number cannot be trusted to be minutes
            problem(t.line(), "slurm time must be quoted text in Slurm's form, e.g. time: \"1:30:00\" or \"2-00:00:00\" "
                    + "(unquoted, YAML reads 1:30:00 as the number 5400)");
        } else {
            time = slurmText(t, "time", SLURM_TIME, "Slurm's form: minutes, \"H:MM:SS\" or \"D-HH:MM:SS\"");
        }
        int cpus = m.get("cpusPerTask") == null ? 0 : (int) whole(m.get("cpusPerTask"), "slurm cpusPerTask", 1, 4096, 0);
        String mem = null;
        YNode mn = m.get("mem");
        if (mn instanceof YScalar ms && (ms.value() instanceof Integer || ms.value() instanceof Long)) {
            mem = Long.toString(whole(mn, "slurm mem (megabytes)", 1, Long.MAX_VALUE, 1));
        } else {
            mem = slurmText(mn, "mem", SLURM_MEM, "a size such as 500M, 4G or 1T (megabytes without a unit)");
        }
        return new SlurmResources(partition, time, cpus, mem);
    }

    private String slurmText(YNode n, String key, Pattern form, String expected) {
        if (n == null) {
            return null;
        }
        if (n instanceof YScalar s && s.value() instanceof String v && form.matcher(v).matches()) {
            return v;
        }
        problem(n.line(), "slurm " + key + " must be " + expected + ", got '" + n.plain() + "'");
        return null;
    }

    // ---- the top level -------------------------------------------------------------------------

    private String studyName(YMap top, String fallback) {
        YNode n = top.get("study");
        if (n instanceof YScalar s && s.value() instanceof String v && SAFE_NAME.matcher(v).matches()) {
            return v;
        }
        if (n != null) {
            problem(n.line(), "study must be a name made of letters, digits and . + _ - (it starts the run folder's name), "
                    + "got '" + n.plain() + "'");
        }
        String safe = fallback.replaceAll("[^A-Za-z0-9.+_-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return safe.isEmpty() ? "study" : safe;
    }

    private RunSettings runSettings(YMap m, RunSettings inherited) {
        List<Long> seeds = seeds(m);
        if (inherited == null) {
            return new RunSettings(m.get("epochs"), m.get("trainLimit"), m.get("testLimit"),
                    seeds == null ? List.of(DEFAULT_SEED) : seeds);
        }
        return new RunSettings(or(m.get("epochs"), inherited.epochs()), or(m.get("trainLimit"), inherited.trainLimit()),
                or(m.get("testLimit"), inherited.testLimit()), seeds == null ? inherited.seeds() : seeds);
    }

    private static YNode or(YNode a, YNode b) {
        return a != null ? a : b;
    }

    /** The seeds a mapping names with {@code seeds: [..]} or {@code seed: n}, or null if none. */
    private List<Long> seeds(YMap m) {
        YNode list = m.get("seeds");
        YNode one = m.get("seed");
        if (list != null && one != null) {
            problem(m.keyLine("seed"), "give either seeds: [..] or seed: n, not both");
        }
        if (one != null) {
            return List.of(whole(one, "seed", Long.MIN_VALUE, Long.MAX_VALUE, DEFAULT_SEED));
        }
        if (list == null) {
            return null;
        }
        if (!(list instanceof YList l) || l.items().isEmpty()) {
            problem(list.line(), "seeds must be a non-empty list of whole numbers, e.g. seeds: [1, 2, 3]");
            return List.of(DEFAULT_SEED);
        }
        Set<Long> out = new LinkedHashSet<>();
        for (YNode item : l.items()) {
            int before = reported;
            long s = whole(item, "a seed", Long.MIN_VALUE, Long.MAX_VALUE, DEFAULT_SEED);
            // a seed that is no whole number was reported as such; the stand-in it got is no repeat of anything
            if (reported == before && !out.add(s)) {
                problem(item.line(), "seed " + s + " is listed twice");
            }
        }
        return List.copyOf(out);
    }

    // ---- sections ------------------------------------------------------------------------------

    /** The plugin sections of {@code defaults} or a trial entry, each normalised to a mapping. */
    private Map<String, YNode> sections(YMap m) {
        Map<String, YNode> out = new LinkedHashMap<>();
        for (String s : SECTIONS) {
            YNode n = m.get(s);
            if (n == null) {
                continue;
            }
            YNode norm = s.equals("network") ? network(n) : pluginSection(s, n);
            if (norm != null) {
                out.put(s, norm);
            }
        }
        return out;
    }

    /** {@code rule: backprop} is short for {@code rule: {name: backprop}}. */
    private YMap pluginSection(String section, YNode n) {
        if (n instanceof YScalar s && s.value() instanceof String) {
            return new YMap(Map.of("name", s), Map.of("name", s.line()), s.line());
        }
        if (!(n instanceof YMap m)) {
            problem(n.line(), section + " must be a plugin name or a mapping such as {name: " + example(section)
                    + ", ...parameters}");
            return null;
        }
        YNode name = m.get("name");
        if (name != null && !(name instanceof YScalar ns && ns.value() instanceof String)) {
            problem(name.line(), section + " name must be a word, e.g. " + example(section));
        }
        checkParameterValues(m, "name");
        return m;
    }

    /** A list of layers, each normalised to {size, neuron, ...neuron parameters}. */
    private YList network(YNode n) {
        if (!(n instanceof YList l) || l.items().isEmpty()) {
            problem(n.line(), "network must be a list of layers, e.g. - {size: 10, neuron: linear}");
            return null;
        }
        List<YNode> layers = new ArrayList<>();
        for (int i = 0; i < l.items().size(); i++) {
            YNode item = l.items().get(i);
            if (!(item instanceof YMap m)) {
                problem(item.line(), "layer " + i + " must be a mapping such as {size: 128, neuron: relu-layernorm}");
                continue;
            }
            Map<String, YNode> entries = new LinkedHashMap<>(m.entries());
            Map<String, Integer> lines = new LinkedHashMap<>(m.keyLines());
            YNode neuron = m.get("neuron");
            if (neuron instanceof YMap nm) {
                // {size: 64, neuron: {name: leaky, tau: 0.01}} is the same as {size: 64, neuron: leaky, tau: 0.01}
                entries.remove("neuron");
                nm.entries().forEach((k, v) -> {
                    String key = k.equals("name") ? "neuron" : k;
                    if (entries.containsKey(key)) {
                        problem(v.line(), "layer " + layers.size() + " sets '" + k + "' twice");
                    }
                    entries.put(key, v);
                    lines.put(key, nm.keyLine(k));
                });
            } else if (neuron != null && !(neuron instanceof YScalar ns && ns.value() instanceof String)) {
                problem(neuron.line(), "a layer's neuron must be a neuron model's name, e.g. relu-layernorm");
            }
            YNode connectivity = entries.get(CONNECTIVITY);
            if (connectivity instanceof YScalar cs && cs.value() instanceof String) {
                // {connectivity: avg-pool} is the same as {connectivity: {name: avg-pool}}
                entries.put(CONNECTIVITY, new YMap(Map.of("name", cs), Map.of("name", cs.line()), cs.line()));
            } else if (connectivity instanceof YMap cm) {
                if (!(cm.get("name") instanceof YScalar cn && cn.value() instanceof String)) {
                    problem(cm.line(), "layer " + i + "'s connectivity needs a name, e.g. {name: conv2d, channels: 16}"
                            + available(PluginKind.CONNECTIVITY));
                }
                checkParameterValues(cm, "name");
            } else if (connectivity != null) {
                problem(connectivity.line(), "a layer's connectivity must be a connectivity's name or a mapping such as "
                        + "{name: conv2d, channels: 16, kernel: 3}" + available(PluginKind.CONNECTIVITY));
            }
            // a malformed connectivity is reported above; whether its layer needs a size is then unknown
            boolean dense = entries.get(CONNECTIVITY) == null || entries.get(CONNECTIVITY) instanceof YMap cm2
                    && cm2.get("name") instanceof YScalar n2 && LayerSpec.DENSE.equals(n2.value());
            if (dense && !entries.containsKey("size")) {
                problem(m.line(), "layer " + i + " has no size; write e.g. {size: 128, neuron: relu-layernorm} (a conv2d or "
                        + "pooling layer takes its size from its input: {connectivity: {name: conv2d, channels: 16}, neuron: relu-layernorm})");
            }
            if (!entries.containsKey("neuron")) {
                problem(m.line(), "layer " + i + " has no neuron; write e.g. {size: 128, neuron: relu-layernorm}"
                        + available(PluginKind.NEURON));
            }
            YMap layer = new YMap(entries, lines, m.line());
            checkParameterValues(layer, "size", "neuron", CONNECTIVITY);
            layers.add(layer);
        }
        return new YList(layers, l.line());
    }

    private void checkParameterValues(YMap m, String... reserved) {
        m.entries().forEach((k, v) -> {
            if (List.of(reserved).contains(k)) {
                return;
            }
            boolean ok = v instanceof YScalar s && s.value() != null
                    || v instanceof YList l && l.items().stream().allMatch(i -> i instanceof YScalar s && s.value() != null);
            if (!ok) {
                problem(v.line(), "parameter '" + k + "' must be a number, a word, true/false or a list of those");
            }
        });
    }

    /**
     * A trial's section over the default one: a section that names another plugin replaces the default
     * section (its parameters belong to the other plugin); otherwise its keys are laid over the default's.
     */
    private static YNode merge(YNode base, YNode over) {
        if (base == null || over instanceof YList || !(base instanceof YMap b) || !(over instanceof YMap o)) {
            return over == null ? base : over;
        }
        if (o.get("name") != null && b.get("name") != null && !o.get("name").plain().equals(b.get("name").plain())) {
            return o;
        }
        Map<String, YNode> entries = new LinkedHashMap<>(b.entries());
        Map<String, Integer> lines = new LinkedHashMap<>(b.keyLines());
        entries.putAll(o.entries());
        lines.putAll(o.keyLines());
        return new YMap(entries, lines, o.line());
    }

    // ---- variants ------------------------------------------------------------------------------

    private List<Variant> variants(YMap top, Map<String, YNode> defaults, RunSettings topRun, String studyName,
            boolean defaultsBroken) {
        YNode t = top.get("trials");
        if (t == null) {
            int line = top.get("defaults") == null ? top.line() : top.keyLine("defaults");
            return List.of(new Variant(studyName, line, defaults, topRun, defaultsBroken));
        }
        if (!(t instanceof YList list) || list.items().isEmpty()) {
            problem(t.line(), "trials must be a non-empty list of named variants, e.g. - name: backprop");
            return List.of();
        }
        List<String> allowed = new ArrayList<>();
        allowed.add("name");
        allowed.addAll(SECTIONS);
        allowed.addAll(RUN_KEYS);
        Map<String, Integer> seen = new HashMap<>();
        List<Variant> out = new ArrayList<>();
        for (YNode item : list.items()) {
            if (!(item instanceof YMap m)) {
                problem(item.line(), "each trial must be a mapping starting with its name, e.g. - name: backprop");
                continue;
            }
            checkKeys(m, allowed, "in a trial");
            YNode n = m.get("name");
            String name;
            if (n == null) {
                problem(m.line(), "this trial has no name; add e.g. name: backprop (names become folder names)");
                name = "trial" + out.size();
            } else if (n instanceof YScalar s && s.value() != null && SAFE_NAME.matcher(s.value().toString()).matches()) {
                name = s.value().toString();
            } else {
                problem(n.line(), "trial name '" + n.plain() + "' must be made of letters, digits and . + _ -");
                name = "trial" + out.size();
            }
            Integer first = seen.putIfAbsent(name, n == null ? m.line() : n.line());
            if (first != null) {
                problem(n == null ? m.line() : n.line(), "duplicate trial name '" + name + "' (also on line " + first + "); give each trial its own name");
                continue;
            }
            int before = reported;
            Map<String, YNode> sections = new LinkedHashMap<>(defaults);
            sections(m).forEach((k, v) -> sections.put(k, merge(sections.get(k), v)));
            out.add(new Variant(name, m.line(), sections, runSettings(m, topRun), defaultsBroken || reported != before));
        }
        return out;
    }

    // ---- sweep ---------------------------------------------------------------------------------

    private List<SweepKey> sweepKeys(YMap top) {
        YNode s = top.get("sweep");
        if (s == null) {
            return List.of();
        }
        if (!(s instanceof YMap m)) {
            problem(s.line(), "sweep must be a mapping of dotted keys to lists of values, e.g. rule.window: [2, 4, 8]");
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
                problem(line, "seeds are not swept here; list them with seeds: [1, 2, 3]");
            } else if (parts.length == 2 && List.of("dataset", "rule", "memory", "backend").contains(parts[0])
                    && !parts[1].isEmpty()) {
                out.add(new SweepKey(key, line, values, SweepTarget.SECTION, parts[0], -1, parts[1]));
            } else if (parts.length == 3 && parts[0].equals("network") && parts[1].matches("\\d{1,4}") && !parts[2].isEmpty()) {
                out.add(new SweepKey(key, line, values, SweepTarget.LAYER, "network", Integer.parseInt(parts[1]), parts[2]));
            } else {
                problem(line, "unknown sweep key '" + key + "'; use epochs, trainLimit, testLimit, <section>.<parameter> "
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
                        problem(v.line(), "sweep key '" + k.key() + "' takes " + (word ? "whole numbers" : "plugin names")
                                + ", got '" + v.value() + "'");
                    }
                }
            }
        }
        return out;
    }

    private List<YScalar> sweepValues(String key, YNode n) {
        if (!(n instanceof YList l) || l.items().isEmpty()) {
            problem(n.line(), "sweep key '" + key + "' needs a non-empty list of values, e.g. [2, 4, 8]");
            return List.of();
        }
        List<YScalar> out = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (YNode item : l.items()) {
            if (!(item instanceof YScalar s) || s.value() == null) {
                problem(item.line(), "sweep values must be numbers, words or true/false");
                continue;
            }
            if (!seen.add(s.value())) {
                problem(item.line(), "sweep key '" + key + "' lists " + s.value() + " twice");
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

    // ---- expansion -----------------------------------------------------------------------------

    private List<StudyTrial> expand(List<Variant> variants, List<SweepKey> sweep) {
        Map<SweepKey, String> labels = labels(sweep);
        Set<SweepKey> applied = new HashSet<>();
        List<StudyTrial> trials = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (Variant v : variants) {
            Set<Map<String, Object>> points = new LinkedHashSet<>();
            int[] odometer = new int[sweep.size()];
            boolean more = sweep.stream().allMatch(k -> !k.values().isEmpty());
            while (more) {
                Map<String, YNode> sections = new LinkedHashMap<>(v.sections());
                RunSettings run = v.run();
                Map<String, Object> point = new LinkedHashMap<>();
                Map<SweepKey, YScalar> chosen = new LinkedHashMap<>();
                for (int i = 0; i < sweep.size(); i++) {
                    chosen.put(sweep.get(i), sweep.get(i).values().get(odometer[i]));
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
                        run = withRun(run, k.key(), e.getValue());
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
                sweep.forEach(k -> {
                    if (point.containsKey(k.key())) {
                        ordered.put(k.key(), point.get(k.key()));
                    }
                });
                if (points.add(ordered)) {
                    StringBuilder group = new StringBuilder(v.name());
                    sweep.forEach(k -> {
                        if (ordered.containsKey(k.key())) {
                            group.append('_').append(idValue(labels.get(k))).append('=').append(idValue(ordered.get(k.key())));
                        }
                    });
                    for (long seed : run.seeds()) {
                        String id = group + "_seed=" + seed;
                        if (trials.size() >= MAX_TRIALS) {
                            problem(0, "the study expands to more than " + MAX_TRIALS + " trials; split it or sweep fewer values");
                            return trials;
                        }
                        String other = ids.putIfAbsent(id, v.name());
                        if (other != null) {
                            problem(v.line(), "two trials get the id '" + id + "'; make the variant names or sweep values differ");
                        }
                        if (id.length() > MAX_ID_LENGTH) {
                            problem(v.line(), "trial id '" + id + "' is longer than " + MAX_ID_LENGTH + " characters; use shorter names");
                        }
                        trials.add(trial(id, group.toString(), v, ordered, sections, run, seed));
                    }
                }
                more = advance(odometer, sweep);
            }
        }
        for (SweepKey k : sweep) {
            if (!applied.contains(k) && !k.values().isEmpty()) {
                problem(k.line(), "sweep key '" + k.key() + "' applies to no trial: " + whyNotApplied(k, variants));
            }
        }
        return trials;
    }

    private static boolean advance(int[] odometer, List<SweepKey> sweep) {
        for (int i = odometer.length - 1; i >= 0; i--) {
            if (++odometer[i] < sweep.get(i).values().size()) {
                return true;
            }
            odometer[i] = 0;
        }
        return false;
    }

    private static RunSettings withRun(RunSettings r, String key, YScalar value) {
        return switch (key) {
            case "epochs" -> new RunSettings(value, r.trainLimit(), r.testLimit(), r.seeds());
            case "trainLimit" -> new RunSettings(r.epochs(), value, r.testLimit(), r.seeds());
            default -> new RunSettings(r.epochs(), r.trainLimit(), value, r.seeds());
        };
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

    private String whyNotApplied(SweepKey k, List<Variant> variants) {
        if (k.target() == SweepTarget.LAYER) {
            return "no trial has a layer " + k.layer() + " whose neuron model takes '" + k.param() + "'";
        }
        Set<String> accepts = new LinkedHashSet<>();
        for (Variant v : variants) {
            plugin(k, target(v.sections(), k)).ifPresent(p -> accepts.add(k.section() + " '" + p.name() + "' accepts "
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

    // ---- one trial -----------------------------------------------------------------------------

    private StudyTrial trial(String id, String group, Variant v, Map<String, Object> point, Map<String, YNode> sections,
            RunSettings run, long seed) {
        int before = reported;
        int epochs;
        if (run.epochs() == null) {
            problem(v.line(), "no epochs for trial '" + v.name() + "'; set e.g. epochs: 10 at the top or in the trial");
            epochs = 1;
        } else {
            epochs = (int) whole(run.epochs(), "epochs", 1, Integer.MAX_VALUE, 1);
        }
        int trainLimit = run.trainLimit() == null ? 0 : (int) whole(run.trainLimit(), "trainLimit", 0, Integer.MAX_VALUE, 0);
        int testLimit = run.testLimit() == null ? 0 : (int) whole(run.testLimit(), "testLimit", 0, Integer.MAX_VALUE, 0);
        List<LayerSpec> layers = new ArrayList<>();
        if (sections.get("network") instanceof YList l) {
            for (YNode item : l.items()) {
                YMap m = (YMap) item;
                int size = m.get("size") == null ? 0 : (int) whole(m.get("size"), "a layer's size", 1, Integer.MAX_VALUE, 1);
                YMap connectivity = m.get(CONNECTIVITY) instanceof YMap c ? c : null;
                layers.add(new LayerSpec(size, word(m.get("neuron")), parameters(m, "size", "neuron", CONNECTIVITY),
                        connectivity == null ? null : word(connectivity.get("name")), parameters(connectivity, "name")));
            }
        }
        YMap dataset = (YMap) sections.get("dataset");
        YMap rule = (YMap) sections.get("rule");
        YMap memory = (YMap) sections.get("memory");
        YMap backend = (YMap) sections.get("backend");
        TrialSpec spec = new TrialSpec(id, name(dataset), parameters(dataset, "name"), layers, name(rule),
                parameters(rule, "name"), name(memory), parameters(memory, "name"), name(backend),
                parameters(backend, "name"), seed, epochs, trainLimit, testLimit);
        boolean broken = v.broken() || reported != before;
        try {
            engine.validate(spec);
        } catch (InvalidTrialException e) {
            for (TrialProblem p : e.problems()) {
                // in a trial already wrong in its structure, a missing name was reported in this file's terms
                if (!(broken && p.kind() == TrialProblem.Kind.MISSING)) {
                    problems.computeIfAbsent(new Problem(lineOf(p, v, sections), p.message()), k -> new LinkedHashSet<>()).add(id);
                }
            }
        }
        return new StudyTrial(id, group, v.name(), point, seed, spec);
    }

    private static String name(YMap section) {
        return section == null ? null : word(section.get("name"));
    }

    private static String word(YNode n) {
        return n instanceof YScalar s && s.value() instanceof String w ? w : null;
    }

    private static Map<String, Object> parameters(YMap section, String... reserved) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (section != null) {
            section.entries().forEach((k, v) -> {
                if (!List.of(reserved).contains(k)) {
                    out.put(k, v.plain());
                }
            });
        }
        return out;
    }

    /**
     * Finds the line an engine problem comes from, by what it concerns: the parameter's key, else the plugin's
     * name, else the layer or the plugin's section, else the trial.
     */
    private static int lineOf(TrialProblem problem, Variant v, Map<String, YNode> sections) {
        YMap target = problem.plugin() == null ? null : target(sections, problem.plugin(), problem.layer());
        if (target != null) {
            if (problem.parameter() != null && target.get(problem.parameter()) != null) {
                return target.keyLine(problem.parameter());
            }
            String nameKey = problem.plugin() == PluginKind.NEURON ? "neuron" : "name";
            if (problem.kind() != TrialProblem.Kind.PARAMETER && target.get(nameKey) != null) {
                return target.get(nameKey).line();
            }
            return target.line();
        }
        YNode network = sections.get("network");
        if (problem.layer() != TrialProblem.NO_LAYER && network instanceof YList l && problem.layer() < l.items().size()) {
            return l.items().get(problem.layer()).line();
        }
        boolean inNetwork = problem.plugin() == null ? problem.kind() == TrialProblem.Kind.MISSING
                : problem.plugin() == PluginKind.NEURON || problem.plugin() == PluginKind.CONNECTIVITY;
        YNode section = inNetwork ? network : problem.plugin() == null ? null : sections.get(problem.plugin().word());
        return section != null ? section.line() : v.line();
    }

    /**
     * The mapping that configures the plugin a problem concerns: a layer's (its neuron model's parameters sit beside
     * {@code neuron}), its {@code connectivity}, or the plugin's section; null when the trial does not write one.
     */
    private static YMap target(Map<String, YNode> sections, PluginKind plugin, int layer) {
        if (plugin == PluginKind.NEURON || plugin == PluginKind.CONNECTIVITY) {
            if (layer == TrialProblem.NO_LAYER || !(sections.get("network") instanceof YList l) || layer >= l.items().size()
                    || !(l.items().get(layer) instanceof YMap m)) {
                return null;
            }
            return plugin == PluginKind.NEURON ? m : m.get(CONNECTIVITY) instanceof YMap c ? c : null;
        }
        return sections.get(plugin.word()) instanceof YMap m ? m : null;
    }

    // ---- values and problems -------------------------------------------------------------------

    private long whole(YNode n, String what, long min, long max, long fallback) {
        Object v = n instanceof YScalar s ? s.value() : null;
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            BigInteger b = v instanceof BigInteger bi ? bi : BigInteger.valueOf(((Number) v).longValue());
            if (b.compareTo(BigInteger.valueOf(min)) < 0) {
                problem(n.line(), what + " is " + v + "; it must be " + range(min, max));
            } else if (b.compareTo(BigInteger.valueOf(max)) > 0) {
                // the bound it passed, which "at least 1" would not name
                problem(n.line(), what + " is " + v + "; it must be at most " + max
                        + (max == Long.MAX_VALUE ? " (it is a 64-bit whole number)" : ""));
            } else {
                return b.longValue();
            }
            return fallback;
        }
        String expected = min == Long.MIN_VALUE ? "" : " " + range(min, max);
        problem(n.line(), what + " must be a whole number" + expected + ", got '" + n.plain() + "'");
        return fallback;
    }

    private static String range(long min, long max) {
        if (min == Long.MIN_VALUE) {
            return "from " + min + " to " + max + " (a 64-bit whole number)";
        }
        return max >= Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
    }

    private void checkKeys(YMap m, List<String> allowed, String where) {
        for (String k : m.entries().keySet()) {
            if (!allowed.contains(k)) {
                String near = allowed.stream().filter(a -> distance(a.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT)) <= 2)
                        .min(Comparator.comparingInt(a -> distance(a, k))).map(a -> " (did you mean '" + a + "'?)").orElse("");
                problem(m.keyLine(k), "unknown key '" + k + "' " + where + near + "; allowed: " + String.join(", ", allowed));
            }
        }
    }

    /** Levenshtein distance, for "did you mean". */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private String example(String section) {
        return switch (section) {
            case "dataset" -> "mnist";
            case "rule" -> "ib-hebbian";
            case "memory" -> "window";
            default -> "java";
        };
    }

    private String available(PluginKind kind) {
        List<String> names = engine.plugins().stream().filter(p -> p.kind() == kind).map(PluginInfo::name).toList();
        return names.isEmpty() ? "" : "; available: " + String.join(", ", names);
    }

    private void problem(int line, String message) {
        reported++;
        problems.computeIfAbsent(new Problem(line, message), k -> new LinkedHashSet<>());
    }

    private InvalidStudyException invalid() {
        List<Map.Entry<Problem, Set<String>>> sorted = new ArrayList<>(problems.entrySet());
        sorted.sort(Comparator.comparingInt(e -> e.getKey().line()));
        List<String> out = new ArrayList<>();
        for (Map.Entry<Problem, Set<String>> e : sorted) {
            Problem p = e.getKey();
            StringBuilder sb = new StringBuilder(source);
            if (p.line() > 0) {
                sb.append(':').append(p.line());
            }
            sb.append(": ").append(p.message());
            List<String> ids = List.copyOf(e.getValue());
            if (!ids.isEmpty()) {
                sb.append(ids.size() == 1 ? " (trial " : " (" + ids.size() + " trials: ")
                        .append(String.join(", ", ids.subList(0, Math.min(3, ids.size()))))
                        .append(ids.size() > 3 ? ", ..." : "").append(')');
            }
            out.add(sb.toString());
        }
        return new InvalidStudyException(source, out);
    }
}

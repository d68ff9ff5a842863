package org.engram.study;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.engram.api.PluginKind;
import org.engram.api.engine.Engine;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.PluginInfo;
import org.engram.api.engine.TrialProblem;
import org.engram.api.engine.TrialSpec;
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
 *
 * <p>This class reads the file's structure (top level, sections, layers, variants) and builds the trials; the other
 * jobs are beside it: {@link SweepExpansion} (the sweep's keys and points), {@link SlurmSection} (the {@code slurm:}
 * section), {@link ProblemLines} (the line of each problem the engine finds) and {@link StudyProblems} (the problems
 * collected, and the checks of single values every part shares).
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
    /** The seed of a study that names none. */
    static final long DEFAULT_SEED = 42;
    /** More trials than this is surely a typo in a sweep. */
    static final int MAX_TRIALS = 10_000;
    /** Longest trial id: it is a folder name, and file systems stop at 255 bytes. */
    static final int MAX_ID_LENGTH = 200;

    /** Study and variant names become folder names: the API's rule for a study's name holds for both. */
    private static final Pattern SAFE_NAME = Study.NAME;
    /** What a variant says about how long and with which seeds its trials run. */
    record RunSettings(YNode epochs, YNode trainLimit, YNode testLimit, List<Long> seeds) {

        /** These settings with a swept run key ({@code epochs}, {@code trainLimit}, {@code testLimit}) set. */
        RunSettings with(String key, YScalar value) {
            return switch (key) {
                case "epochs" -> new RunSettings(value, trainLimit, testLimit, seeds);
                case "trainLimit" -> new RunSettings(epochs, value, testLimit, seeds);
                default -> new RunSettings(epochs, trainLimit, value, seeds);
            };
        }
    }

    /**
     * One entry of {@code trials}, merged over the defaults. {@code line} is where it is written;
     * {@code broken} when its sections already have problems, which the engine would only repeat.
     */
    private record Variant(String name, int line, Map<String, YNode> sections, RunSettings run, boolean broken) {
    }

    /** A layer's key for its connectivity: a name, or a mapping of the name and the connectivity's parameters. */
    static final String CONNECTIVITY = "connectivity";

    private final Engine engine;
    private final String source;
    private final StudyProblems problems;

    StudyParser(Engine engine, String source) {
        this.engine = engine;
        this.source = source;
        this.problems = new StudyProblems(source);
    }

    /**
     * @param fallbackName the study's name when the file has no {@code study} key
     */
    Study parse(String text, String fallbackName) throws InvalidStudyException {
        YNode root;
        try {
            root = Yaml.parse(text);
        } catch (Yaml.YamlError e) {
            problems.problem(e.line, e.getMessage());
            throw problems.invalid();
        }
        if (!(root instanceof YMap top)) {
            problems.problem(root == null ? 0 : root.line(), (root == null ? "the file is empty" : "the top level is not a mapping")
                    + "; a study has keys such as study, epochs, seeds, defaults, trials, sweep (see docs/studies.md)");
            throw problems.invalid();
        }
        problems.checkKeys(top, TOP_KEYS, "at the top level");
        String name = studyName(top, fallbackName);
        int parallel = Runtime.getRuntime().availableProcessors();
        if (top.get("parallel") != null) {
            parallel = (int) problems.whole(top.get("parallel"), "parallel", 1, 4096, parallel);
        }
        if (top.get(STALL_SECONDS) != null) {
            problems.whole(top.get(STALL_SECONDS), STALL_SECONDS, 0, MAX_STALL_SECONDS, 0);
        }
        if (top.get("description") != null && !(top.get("description") instanceof YScalar)) {
            problems.problem(top.get("description").line(), "description must be text");
        }
        Map<String, YNode> defaults = new LinkedHashMap<>();
        int before = problems.reported();
        YNode d = top.get("defaults");
        if (d instanceof YMap dm) {
            problems.checkKeys(dm, SECTIONS, "in defaults (run settings such as epochs go at the top level)");
            defaults = sections(dm);
        } else if (d != null) {
            problems.problem(d.line(), "defaults must be a mapping of " + String.join(", ", SECTIONS));
        }
        boolean defaultsBroken = problems.reported() != before;
        RunSettings topRun = runSettings(top, null);
        List<Variant> variants = variants(top, defaults, topRun, name, defaultsBroken);
        SweepExpansion sweep = new SweepExpansion(top, engine, problems);
        List<StudyTrial> trials = expand(variants, sweep);
        SlurmResources slurm = SlurmSection.read(top, problems);
        if (problems.isEmpty()) {
            // the groups are known only when every trial expanded
            checkBaseline(top.get(BASELINE), trials);
        }
        if (!problems.isEmpty()) {
            throw problems.invalid();
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
            problems.problem(n.line(), "baseline must name one of the study's groups (a trial id without its seed): "
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

    // ---- the top level -------------------------------------------------------------------------

    private String studyName(YMap top, String fallback) {
        YNode n = top.get("study");
        if (n instanceof YScalar s && s.value() instanceof String v && SAFE_NAME.matcher(v).matches()) {
            return v;
        }
        if (n != null) {
            problems.problem(n.line(), "study must be a name made of letters, digits and . + _ - (it starts the run folder's name), "
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
            problems.problem(m.keyLine("seed"), "give either seeds: [..] or seed: n, not both");
        }
        if (one != null) {
            return List.of(problems.whole(one, "seed", Long.MIN_VALUE, Long.MAX_VALUE, DEFAULT_SEED));
        }
        if (list == null) {
            return null;
        }
        if (!(list instanceof YList l) || l.items().isEmpty()) {
            problems.problem(list.line(), "seeds must be a non-empty list of whole numbers, e.g. seeds: [1, 2, 3]");
            return List.of(DEFAULT_SEED);
        }
        Set<Long> out = new LinkedHashSet<>();
        for (YNode item : l.items()) {
            int before = problems.reported();
            long s = problems.whole(item, "a seed", Long.MIN_VALUE, Long.MAX_VALUE, DEFAULT_SEED);
            // a seed that is no whole number was problems.reported() as such; the stand-in it got is no repeat of anything
            if (problems.reported() == before && !out.add(s)) {
                problems.problem(item.line(), "seed " + s + " is listed twice");
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
            problems.problem(n.line(), section + " must be a plugin name or a mapping such as {name: " + example(section)
                    + ", ...parameters}");
            return null;
        }
        YNode name = m.get("name");
        if (name != null && !(name instanceof YScalar ns && ns.value() instanceof String)) {
            problems.problem(name.line(), section + " name must be a word, e.g. " + example(section));
        }
        checkParameterValues(m, "name");
        return m;
    }

    /** A list of layers, each normalised to {size, neuron, ...neuron parameters}. */
    private YList network(YNode n) {
        if (!(n instanceof YList l) || l.items().isEmpty()) {
            problems.problem(n.line(), "network must be a list of layers, e.g. - {size: 10, neuron: linear}");
            return null;
        }
        List<YNode> layers = new ArrayList<>();
        for (int i = 0; i < l.items().size(); i++) {
            YNode item = l.items().get(i);
            if (!(item instanceof YMap m)) {
                problems.problem(item.line(), "layer " + i + " must be a mapping such as {size: 128, neuron: relu-layernorm}");
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
                        problems.problem(v.line(), "layer " + layers.size() + " sets '" + k + "' twice");
                    }
                    entries.put(key, v);
                    lines.put(key, nm.keyLine(k));
                });
            } else if (neuron != null && !(neuron instanceof YScalar ns && ns.value() instanceof String)) {
                problems.problem(neuron.line(), "a layer's neuron must be a neuron model's name, e.g. relu-layernorm");
            }
            YNode connectivity = entries.get(CONNECTIVITY);
            if (connectivity instanceof YScalar cs && cs.value() instanceof String) {
                // {connectivity: avg-pool} is the same as {connectivity: {name: avg-pool}}
                entries.put(CONNECTIVITY, new YMap(Map.of("name", cs), Map.of("name", cs.line()), cs.line()));
            } else if (connectivity instanceof YMap cm) {
                if (!(cm.get("name") instanceof YScalar cn && cn.value() instanceof String)) {
                    problems.problem(cm.line(), "layer " + i + "'s connectivity needs a name, e.g. {name: conv2d, channels: 16}"
                            + available(PluginKind.CONNECTIVITY));
                }
                checkParameterValues(cm, "name");
            } else if (connectivity != null) {
                problems.problem(connectivity.line(), "a layer's connectivity must be a connectivity's name or a mapping such as "
                        + "{name: conv2d, channels: 16, kernel: 3}" + available(PluginKind.CONNECTIVITY));
            }
            // a malformed connectivity is problems.reported() above; whether its layer needs a size is then unknown
            boolean dense = entries.get(CONNECTIVITY) == null || entries.get(CONNECTIVITY) instanceof YMap cm2
                    && cm2.get("name") instanceof YScalar n2 && LayerSpec.DENSE.equals(n2.value());
            if (dense && !entries.containsKey("size")) {
                problems.problem(m.line(), "layer " + i + " has no size; write e.g. {size: 128, neuron: relu-layernorm} (a conv2d or "
                        + "pooling layer takes its size from its input: {connectivity: {name: conv2d, channels: 16}, neuron: relu-layernorm})");
            }
            if (!entries.containsKey("neuron")) {
                problems.problem(m.line(), "layer " + i + " has no neuron; write e.g. {size: 128, neuron: relu-layernorm}"
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
                problems.problem(v.line(), "parameter '" + k + "' must be a number, a word, true/false or a list of those");
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
            problems.problem(t.line(), "trials must be a non-empty list of named variants, e.g. - name: backprop");
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
                problems.problem(item.line(), "each trial must be a mapping starting with its name, e.g. - name: backprop");
                continue;
            }
            problems.checkKeys(m, allowed, "in a trial");
            YNode n = m.get("name");
            String name;
            if (n == null) {
                problems.problem(m.line(), "this trial has no name; add e.g. name: backprop (names become folder names)");
                name = "trial" + out.size();
            } else if (n instanceof YScalar s && s.value() != null && SAFE_NAME.matcher(s.value().toString()).matches()) {
                name = s.value().toString();
            } else {
                problems.problem(n.line(), "trial name '" + n.plain() + "' must be made of letters, digits and . + _ -");
                name = "trial" + out.size();
            }
            Integer first = seen.putIfAbsent(name, n == null ? m.line() : n.line());
            if (first != null) {
                problems.problem(n == null ? m.line() : n.line(), "duplicate trial name '" + name + "' (also on line " + first + "); give each trial its own name");
                continue;
            }
            int before = problems.reported();
            Map<String, YNode> sections = new LinkedHashMap<>(defaults);
            sections(m).forEach((k, v) -> sections.put(k, merge(sections.get(k), v)));
            out.add(new Variant(name, m.line(), sections, runSettings(m, topRun), defaultsBroken || problems.reported() != before));
        }
        return out;
    }

    // ---- expansion -----------------------------------------------------------------------------

    /** Every variant at every point of the sweep with each of its seeds, each trial checked by the engine. */
    private List<StudyTrial> expand(List<Variant> variants, SweepExpansion sweep) {
        List<StudyTrial> trials = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (Variant v : variants) {
            boolean complete = sweep.expand(v.name(), v.sections(), v.run(), point -> {
                for (long seed : point.run().seeds()) {
                    String id = point.group() + "_seed=" + seed;
                    if (trials.size() >= MAX_TRIALS) {
                        problems.problem(0, "the study expands to more than " + MAX_TRIALS
                                + " trials; split it or sweep fewer values");
                        return false;
                    }
                    String other = ids.putIfAbsent(id, v.name());
                    if (other != null) {
                        problems.problem(v.line(), "two trials get the id '" + id + "'; make the variant names or sweep values differ");
                    }
                    if (id.length() > MAX_ID_LENGTH) {
                        problems.problem(v.line(), "trial id '" + id + "' is longer than " + MAX_ID_LENGTH + " characters; use shorter names");
                    }
                    trials.add(trial(id, point.group(), v, point.values(), point.sections(), point.run(), seed));
                }
                return true;
            });
            if (!complete) {
                return trials;
            }
        }
        sweep.reportUnapplied(variants.stream().map(Variant::sections).toList());
        return trials;
    }

    // ---- one trial -----------------------------------------------------------------------------

    private StudyTrial trial(String id, String group, Variant v, Map<String, Object> point, Map<String, YNode> sections,
            RunSettings run, long seed) {
        int before = problems.reported();
        int epochs;
        if (run.epochs() == null) {
            problems.problem(v.line(), "no epochs for trial '" + v.name() + "'; set e.g. epochs: 10 at the top or in the trial");
            epochs = 1;
        } else {
            epochs = (int) problems.whole(run.epochs(), "epochs", 1, Integer.MAX_VALUE, 1);
        }
        int trainLimit = run.trainLimit() == null ? 0 : (int) problems.whole(run.trainLimit(), "trainLimit", 0, Integer.MAX_VALUE, 0);
        int testLimit = run.testLimit() == null ? 0 : (int) problems.whole(run.testLimit(), "testLimit", 0, Integer.MAX_VALUE, 0);
        List<LayerSpec> layers = new ArrayList<>();
        if (sections.get("network") instanceof YList l) {
            for (YNode item : l.items()) {
                YMap m = (YMap) item;
                int size = m.get("size") == null ? 0 : (int) problems.whole(m.get("size"), "a layer's size", 1, Integer.MAX_VALUE, 1);
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
        boolean broken = v.broken() || problems.reported() != before;
        try {
            engine.validate(spec);
        } catch (InvalidTrialException e) {
            for (TrialProblem p : e.problems()) {
                // in a trial already wrong in its structure, a missing name was problems.reported() in this file's terms
                if (!(broken && p.kind() == TrialProblem.Kind.MISSING)) {
                    problems.trialProblem(ProblemLines.lineOf(p, v.line(), sections), p.message(), id);
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

    // ---- values and problems -------------------------------------------------------------------

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
}

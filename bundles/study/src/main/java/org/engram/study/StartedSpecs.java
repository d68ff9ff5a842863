package org.engram.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.engram.api.study.Study;
import org.engram.api.study.StudyTrial;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Whether a run folder's study still expands to the trials the run started with, as its {@code resolved.yaml} records
 * them. A {@code study.yaml} edited between a run and its resume would otherwise have the summary average trials of
 * two different studies under one group.
 */
final class StartedSpecs {

    /** Trials named one by one before the rest are counted, so that a change to every trial stays readable. */
    private static final int TRIALS_NAMED = 5;

    private StartedSpecs() {
    }

    /**
     * Each difference between the study now and the trials in {@code resolved}, one line per trial, then the fix; empty
     * when there is none, or when there is no {@code resolved.yaml} to compare with (a run by an older Engram).
     */
    static List<String> changes(Path resolved, Study study) {
        if (!Files.isRegularFile(resolved)) {
            return List.of();
        }
        Map<String, Map<String, String>> started;
        try {
            started = trials(new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(resolved, StandardCharsets.UTF_8)));
        } catch (IOException | YAMLException | ClassCastException e) {
            return List.of(resolved + ": cannot read the trials the run started with (" + e.getMessage().lines().findFirst()
                    .orElse(e.toString()) + "), so a changed study.yaml cannot be told from the one the run began with. "
                    + "Restore the file, or delete it to resume without this check");
        }
        Map<String, Map<String, String>> now = new LinkedHashMap<>();
        for (StudyTrial t : study.trials()) {
            now.put(t.id(), flat(Records.trial(t)));
        }
        List<String> lines = new ArrayList<>();
        int changed = 0;
        for (Map.Entry<String, Map<String, String>> e : now.entrySet()) {
            Map<String, String> before = started.get(e.getKey());
            String line = before == null ? "trial '" + e.getKey() + "' is new: the run did not start with it"
                    : differences(e.getKey(), before, e.getValue());
            if (line != null && changed++ < TRIALS_NAMED) {
                lines.add(line);
            }
        }
        for (String id : started.keySet()) {
            if (!now.containsKey(id) && changed++ < TRIALS_NAMED) {
                lines.add("trial '" + id + "' of the run is no longer in the study");
            }
        }
        if (changed == 0) {
            return List.of();
        }
        if (changed > TRIALS_NAMED) {
            int more = changed - TRIALS_NAMED;
            lines.add("and " + more + (more == 1 ? " more trial differs" : " more trials differ"));
        }
        Path folder = resolved.toAbsolutePath().getParent();
        lines.add(folder.resolve(StudyComponent.STUDY_FILE) + " was edited after the run started, and one run's trials "
                + "must come from one study (its summary averages the trials of a group). Start a new run with the edited "
                + "study: engram run " + folder.resolve(StudyComponent.STUDY_FILE) + " --runs " + folder.getParent()
                + "; or undo the edit to finish this run (" + resolved + " holds every trial as it started). Nothing was run");
        return lines;
    }

    /** {@code trial 'id' differs from ...: epochs was 10, is 4; ...}, or null when the trial is as it started. */
    private static String differences(String id, Map<String, String> before, Map<String, String> now) {
        List<String> keys = new ArrayList<>(before.keySet());
        now.keySet().stream().filter(k -> !before.containsKey(k)).forEach(keys::add);
        List<String> diffs = new ArrayList<>();
        for (String k : keys) {
            String was = before.get(k);
            String is = now.get(k);
            if (!Objects.equals(was, is)) {
                diffs.add(k.replaceFirst("^spec\\.", "") + " was " + (was == null ? "not set" : was) + ", is "
                        + (is == null ? "not set" : is));
            }
        }
        return diffs.isEmpty() ? null : "trial '" + id + "' differs from the spec it started with: " + String.join("; ", diffs);
    }

    /** The trials of a loaded {@code resolved.yaml}, each by id, flattened. */
    private static Map<String, Map<String, String>> trials(Object yaml) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Object t : (List<?>) ((Map<?, ?>) yaml).get("trials")) {
            Map<String, String> flat = flat(t);
            out.put(flat.get("id"), flat);
        }
        return out;
    }

    /**
     * Dotted key to value, e.g. {@code spec.layers.0.size = 64}. Numbers compare by their text, so that the 2 a
     * study gives as a whole number equals the 2 that YAML reads back, whatever Java type holds it.
     */
    static Map<String, String> flat(Object tree) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", tree, out);
        return out;
    }

    private static void flatten(String key, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flatten(key.isEmpty() ? String.valueOf(k) : key + "." + k, v, out));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                flatten(key + "." + i, l.get(i), out);
            }
        } else if (value != null) {
            out.put(key, String.valueOf(value));
        }
    }
}

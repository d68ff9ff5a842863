package org.engram.study;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.TrialSpec;
import org.engram.api.study.Study;
import org.engram.api.study.StudyTrial;
import org.engram.api.study.TrialRecord;

/**
 * Reads a finished trial's {@code provenance.json} back into the trial it records, the inverse of
 * {@link Records#provenance}. JSON is read by snakeyaml (through {@link Yaml}), the parser that reads study files:
 * JSON as {@link Json} writes it is YAML, so the build has one parser for both and no hand-written one.
 */
final class RunRecords {

    private RunRecords() {
    }

    /** @param path a trial's {@code provenance.json}, or the trial folder holding it */
    static TrialRecord read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(StudyRun.PROVENANCE) : path;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist; give the provenance.json of a finished trial, e.g. "
                    + "runs/quickstart-20260101-120000/xor-ib-hebbian_seed=1/provenance.json");
        } catch (IOException e) {
            throw new IOException("cannot read " + file + " (" + e + ")", e);
        }
        Object json;
        try {
            json = json(text);
        } catch (Yaml.YamlError e) {
            String what = e.getMessage().startsWith("YAML: ") ? e.getMessage().substring(6) : e.getMessage();
            throw new IOException(file + ": not JSON, line " + e.line + ": " + what + "; is it a trial's provenance.json?");
        }
        Fields root = new Fields(file, "", json);
        Object specJson = root.map().get("spec");
        if (specJson == null) {
            throw new IOException(file + " has no \"spec\" object, so the trial cannot be rebuilt from it: it was "
                    + "written by an Engram that did not record the spec yet. Run the study again with this Engram; "
                    + "its trials' records can be replayed");
        }
        Fields spec = new Fields(file, "spec.", specJson);
        List<LayerSpec> layers = new ArrayList<>();
        List<Object> layersJson = spec.list("layers");
        for (int i = 0; i < layersJson.size(); i++) {
            Fields layer = new Fields(file, "spec.layers[" + i + "].", layersJson.get(i));
            layers.add(new LayerSpec(layer.whole("size"), layer.text("neuron"), layer.parameters("neuronParameters"),
                    layer.optionalText("connectivity"), layer.parameters("connectivityParameters")));
        }
        String id = root.text("trial");
        if (!StudyTrial.ID.matcher(id).matches()) {
            throw root.notAName("trial", id, "the trial's id, which names its folder");
        }
        long seed = spec.wholeLong("seed");
        TrialSpec trialSpec = new TrialSpec(id, spec.text("dataset"), spec.parameters("datasetParameters"), layers,
                spec.text("rule"), spec.parameters("ruleParameters"), spec.optionalText("memory"),
                spec.parameters("memoryParameters"), spec.optionalText("backend"), spec.parameters("backendParameters"),
                seed, spec.whole("epochs"), spec.whole("trainLimit"), spec.whole("testLimit"));
        Map<String, Object> sweep = root.map().get("sweep") == null ? Map.of() : root.parameters("sweep");
        String variant = root.map().get("variant") instanceof String v ? v : id;
        StudyTrial trial = new StudyTrial(id, id, variant, sweep, seed, trialSpec);
        Map<String, String> engine = new TreeMap<>();
        if (root.map().get("engine") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> engine.put(String.valueOf(k), String.valueOf(v)));
        }
        String study = root.map().get("study") instanceof String s ? s : "trial";
        if (!Study.NAME.matcher(study).matches()) {
            throw root.notAName("study", study, "the study's name, which starts the replay's run folder's name");
        }
        return new TrialRecord(study, trial, engine, file.toAbsolutePath().getParent().resolve(MetricsCsv.FILE));
    }

    /** JSON text as maps (keys in file order), lists, text, {@code Long}, {@code Double}, {@code Boolean} and null. */
    static Object json(String text) throws Yaml.YamlError {
        Yaml.YNode root = Yaml.parse(text);
        return root == null ? null : wholeAsLong(root.plain());
    }

    /**
     * Whole numbers as {@code Long} (a double beyond it), whatever width snakeyaml chose: a spec read back holds the
     * same values whether a number was small or large.
     */
    private static Object wholeAsLong(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, wholeAsLong(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(wholeAsLong(v)));
            return out;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
        }
        return value;
    }

    /** The fields of one JSON object, each read with a message naming its path when it is missing or mistyped. */
    private record Fields(Path file, String prefix, Object json) {

        Map<?, ?> map() throws IOException {
            if (json instanceof Map<?, ?> m) {
                return m;
            }
            throw problem(prefix.isEmpty() ? "the file" : prefix.substring(0, prefix.length() - 1), "is not an object");
        }

        String text(String key) throws IOException {
            if (map().get(key) instanceof String s) {
                return s;
            }
            throw problem(prefix + key, map().containsKey(key) ? "is not text" : "is missing");
        }

        /** Text or null: the engine's default. */
        String optionalText(String key) throws IOException {
            return map().get(key) == null ? null : text(key);
        }

        long wholeLong(String key) throws IOException {
            if (map().get(key) instanceof Long n) {
                return n;
            }
            throw problem(prefix + key, map().containsKey(key) ? "is not a whole number" : "is missing");
        }

        int whole(String key) throws IOException {
            long n = wholeLong(key);
            if (n != (int) n) {
                throw problem(prefix + key, "is " + n + ", too large");
            }
            return (int) n;
        }

        List<Object> list(String key) throws IOException {
            if (map().get(key) instanceof List<?> l) {
                return new ArrayList<>(l);
            }
            throw problem(prefix + key, map().containsKey(key) ? "is not a list" : "is missing");
        }

        /** A map of parameters in file order; the engine converts each value to its declared type. */
        Map<String, Object> parameters(String key) throws IOException {
            Object value = map().get(key);
            if (value == null && !map().containsKey(key)) {
                return Map.of();
            }
            if (value instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getValue() == null) {
                        // a non-finite number is written as null, which no parameter accepts
                        throw problem(prefix + key + "." + e.getKey(), "is null");
                    }
                    out.put(String.valueOf(e.getKey()), e.getValue());
                }
                return out;
            }
            throw problem(prefix + key, "is not an object");
        }

        /**
         * A name that would make a replay write outside its own run folder (a path such as {@code ../../victim}): refused
         * as a study file with that name is refused.
         */
        IOException notAName(String key, String value, String what) {
            return new IOException(file + ": " + prefix + key + " is '" + value + "', but it must be " + what
                    + ": letters, digits and . + _ " + (key.equals("trial") ? "= " : "") + "- only, starting with a letter or "
                    + "digit, never a path. Nothing was replayed or written. Was the file edited? Replay a provenance.json as "
                    + "'engram run' wrote it: its trial is the name of the folder that holds it");
        }

        private IOException problem(String field, String what) {
            return new IOException(file + ": " + field + " " + what + "; the spec cannot be rebuilt. "
                    + "Was the file edited? The run folder's resolved.yaml has every trial's spec as it ran");
        }
    }
}

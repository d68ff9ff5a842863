package org.engram.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.study.Study;
import org.engram.api.study.StudyTrial;

/**
 * The plain-data form of trials for {@code resolved.yaml} and {@code provenance.json}. Maps that come from
 * {@link Map#copyOf} have no stable order, so their keys are sorted: equal runs give equal bytes.
 */
final class Records {

    private Records() {
    }

    static Map<String, Object> spec(TrialSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", s.dataset());
        m.put("datasetParameters", new TreeMap<>(s.datasetParameters()));
        List<Object> layers = new ArrayList<>();
        for (LayerSpec l : s.layers()) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("size", l.size());
            layer.put("neuron", l.neuron());
            layer.put("neuronParameters", new TreeMap<>(l.neuronParameters()));
            if (!l.isPlainDense()) {
                // written only where a layer is not the default dense one: records of dense networks stay as they were
                layer.put("connectivity", l.connectivityName());
                layer.put("connectivityParameters", new TreeMap<>(l.connectivityParameters()));
            }
            layers.add(layer);
        }
        m.put("layers", layers);
        m.put("rule", s.rule());
        m.put("ruleParameters", new TreeMap<>(s.ruleParameters()));
        m.put("memory", s.memory());
        m.put("memoryParameters", new TreeMap<>(s.memoryParameters()));
        m.put("backend", s.backend());
        m.put("backendParameters", new TreeMap<>(s.backendParameters()));
        m.put("seed", s.seed());
        m.put("epochs", s.epochs());
        m.put("trainLimit", s.trainLimit());
        m.put("testLimit", s.testLimit());
        return m;
    }

    static Map<String, Object> trial(StudyTrial t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("variant", t.variant());
        m.put("sweep", new LinkedHashMap<>(t.sweep()));
        m.put("seed", t.seed());
        m.put("spec", spec(t.spec()));
        return m;
    }

    /** Every trial of a study, expanded, for {@code resolved.yaml}. */
    static Map<String, Object> resolved(Study study) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("study", study.name());
        m.put("parallel", study.parallel());
        List<Object> trials = new ArrayList<>();
        study.trials().forEach(t -> trials.add(trial(t)));
        m.put("trials", trials);
        return m;
    }

    /** A finished trial's {@code provenance.json}: who it is, its spec, and the engine's record of the run. */
    static Map<String, Object> provenance(Study study, StudyTrial t, TrialResult result, Optional<String> gitCommit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial", t.id());
        m.put("study", study.name());
        m.put("variant", t.variant());
        m.put("sweep", new LinkedHashMap<>(t.sweep()));
        m.put("seed", t.seed());
        gitCommit.ifPresent(c -> m.put("git", c));
        m.put("spec", spec(t.spec()));
        m.put("engine", new TreeMap<>(result.provenance()));
        return m;
    }
}

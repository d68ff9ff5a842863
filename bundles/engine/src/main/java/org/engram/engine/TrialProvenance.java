package org.engram.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.data.DataSplits;
import org.engram.api.engine.LayerSpec;
import org.engram.api.network.Layer;
import org.engram.numerics.network.FeedForwardNetwork;

/** The engine's record of a trial: each plugin with its configuration, the data, the network and the machine. */
final class TrialProvenance {

    private TrialProvenance() {
    }

    /** Everything but the bundles, the times and the checkpoint entries, which the run adds. */
    static Map<String, String> of(ResolvedTrial trial, DataSplits data, FeedForwardNetwork network, ComputeBackend backend) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("trial", trial.spec().name());
        p.put("seed", Long.toString(trial.spec().seed()));
        p.put("epochs", Integer.toString(trial.spec().epochs()));
        p.put("dataset", trial.dataset().describe() + " " + trial.datasetParameters());
        p.put("dataset.id", data.id());
        p.put("dataset.sha256", data.contentHash());
        for (int l = 0; l < trial.neurons().size(); l++) {
            LayerSpec layer = trial.spec().layers().get(l);
            Layer built = network.layer(l);
            p.put("layer." + l, (layer.isPlainDense() ? layer.size() : built.shape().toString()) + " x "
                    + trial.neurons().get(l).describe() + " " + trial.neuronParameters().get(l));
            if (!layer.isPlainDense()) {
                p.put("layer." + l + ".connectivity", trial.connectivities().get(l).describe() + " "
                        + trial.connectivityParameters().get(l) + " on " + built.connection().inputShape());
            }
        }
        p.put("parameters", Long.toString(network.parameterCount()));
        p.put("rule", trial.rule().describe() + " " + trial.ruleParameters());
        p.put("memory", trial.memory().describe() + " " + trial.memoryParameters());
        if (trial.memorySchedule().active()) {
            p.put("memory.schedule", trial.memorySchedule().toString());
        }
        p.put("backend", trial.backend().describe() + " " + trial.backendParameters());
        p.put("backend.implementation", backend.implementation());
        p.put("trainLimit", Integer.toString(trial.spec().trainLimit()));
        p.put("testLimit", Integer.toString(trial.spec().testLimit()));
        p.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        p.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        return p;
    }
}

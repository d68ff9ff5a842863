package org.engram.api.engine;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Everything that defines one trial. Two runs of equal specs on the same backend give equal results.
 *
 * @param name       the trial's name, unique within a study
 * @param layers     hidden layers then the output layer; the output size must equal the dataset's classes
 * @param epochs     passes over the training split, at least 1
 * @param trainLimit use only the first so many training samples (0: all), for smoke runs
 * @param testLimit  evaluate on only the first so many test samples (0: all)
 */
@ProviderType
public record TrialSpec(String name, String dataset, Map<String, Object> datasetParameters, List<LayerSpec> layers,
        String rule, Map<String, Object> ruleParameters, String memory, Map<String, Object> memoryParameters,
        String backend, Map<String, Object> backendParameters, long seed, int epochs, int trainLimit, int testLimit) {

    public TrialSpec {
        datasetParameters = copy(datasetParameters);
        ruleParameters = copy(ruleParameters);
        memoryParameters = copy(memoryParameters);
        backendParameters = copy(backendParameters);
        layers = List.copyOf(layers);
    }

    private static Map<String, Object> copy(Map<String, Object> m) {
        return m == null ? Map.of() : Map.copyOf(m);
    }
}

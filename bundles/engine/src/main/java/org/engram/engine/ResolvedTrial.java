package org.engram.engine;

import static org.engram.api.engine.TrialProblem.NO_LAYER;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.engram.api.PluginKind;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.TrialProblem;
import org.engram.api.engine.TrialSpec;
import org.engram.api.memory.FreezableMemory;
import org.engram.api.param.InvalidParametersException;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterProblem;
import org.engram.api.param.Parameters;

/** A trial whose every plugin is found and every parameter resolved; built before anything runs. */
record ResolvedTrial(TrialSpec spec, PluginRegistry.Entry dataset, Parameters datasetParameters,
        List<PluginRegistry.Entry> neurons, List<Parameters> neuronParameters, List<PluginRegistry.Entry> connectivities,
        List<Parameters> connectivityParameters, PluginRegistry.Entry rule,
        Parameters ruleParameters, PluginRegistry.Entry memory, Parameters memoryParameters,
        PluginRegistry.Entry backend, Parameters backendParameters, MemorySchedule memorySchedule) {

    /** Used when a trial names no memory module: the exact window. */
    static final String DEFAULT_MEMORY = "window";
    /** Used when a trial names no backend. */
    static final String DEFAULT_BACKEND = "java";

    /** Every plugin the spec names, defaults included, by kind; blank names (which resolve refuses) left out. */
    static List<Map.Entry<PluginKind, String>> pluginNames(TrialSpec spec) {
        List<Map.Entry<PluginKind, String>> names = new ArrayList<>();
        addName(names, PluginKind.DATASET, spec.dataset());
        for (LayerSpec layer : spec.layers()) {
            addName(names, PluginKind.NEURON, layer.neuron());
            addName(names, PluginKind.CONNECTIVITY, layer.connectivityName());
        }
        addName(names, PluginKind.RULE, spec.rule());
        addName(names, PluginKind.MEMORY, spec.memory() == null ? DEFAULT_MEMORY : spec.memory());
        addName(names, PluginKind.BACKEND, spec.backend() == null ? DEFAULT_BACKEND : spec.backend());
        return names;
    }

    private static void addName(List<Map.Entry<PluginKind, String>> names, PluginKind kind, String name) {
        if (name != null && !name.isBlank()) {
            names.add(Map.entry(kind, name));
        }
    }

    /** Every plugin entry of the trial: dataset, each layer's neuron model and connectivity, rule, memory, backend. */
    List<PluginRegistry.Entry> plugins() {
        List<PluginRegistry.Entry> all = new ArrayList<>();
        all.add(dataset);
        all.addAll(neurons);
        all.addAll(connectivities);
        all.addAll(List.of(rule, memory, backend));
        return all;
    }

    /** Resolves every name and parameter, collecting all problems before failing. */
    static ResolvedTrial resolve(TrialSpec spec, PluginRegistry registry) throws InvalidTrialException {
        List<TrialProblem> problems = new ArrayList<>();
        if (spec.epochs() < 1) {
            problems.add(TrialProblem.ofTrial("epochs is " + spec.epochs() + "; a trial needs at least 1 epoch"));
        }
        if (spec.trainLimit() < 0 || spec.testLimit() < 0) {
            problems.add(TrialProblem.ofTrial("trainLimit and testLimit must be 0 (all samples) or positive"));
        }
        if (spec.layers().isEmpty()) {
            problems.add(TrialProblem.noLayers());
        }
        PluginRegistry.Entry dataset = find(registry, PluginKind.DATASET, spec.dataset(), NO_LAYER, problems);
        Parameters dataParams = params(dataset, NO_LAYER, spec.datasetParameters(), problems);
        List<PluginRegistry.Entry> neurons = new ArrayList<>();
        List<Parameters> neuronParams = new ArrayList<>();
        List<PluginRegistry.Entry> connectivities = new ArrayList<>();
        List<Parameters> connectivityParams = new ArrayList<>();
        for (int l = 0; l < spec.layers().size(); l++) {
            LayerSpec layer = spec.layers().get(l);
            if (layer.size() < 0) {
                problems.add(TrialProblem.ofLayer(l, "layer " + l + " has size " + layer.size() + "; sizes must be at least 1"));
            }
            PluginRegistry.Entry n = find(registry, PluginKind.NEURON, layer.neuron(), l, problems);
            neurons.add(n);
            neuronParams.add(params(n, l, layer.neuronParameters(), problems));
            PluginRegistry.Entry c = find(registry, PluginKind.CONNECTIVITY, layer.connectivityName(), l, problems);
            connectivities.add(c);
            connectivityParams.add(params(c, l, layer.connectivityParameters(), problems));
            if (layer.size() < 1 && LayerSpec.DENSE.equals(layer.connectivityName())) {
                problems.add(TrialProblem.ofLayer(l, "layer " + l + " is dense but has no size; give its number of units, "
                        + "e.g. {size: 128, neuron: relu-layernorm}"));
            }
        }
        PluginRegistry.Entry rule = find(registry, PluginKind.RULE, spec.rule(), NO_LAYER, problems);
        Parameters ruleParams = params(rule, NO_LAYER, spec.ruleParameters(), problems);
        String memoryName = spec.memory() == null ? DEFAULT_MEMORY : spec.memory();
        PluginRegistry.Entry memory = find(registry, PluginKind.MEMORY, memoryName, NO_LAYER, problems);
        Parameters memoryParams = params(memory, NO_LAYER, MemorySchedule.pluginParameters(spec.memoryParameters()),
                problems);
        MemorySchedule schedule = MemorySchedule.of(memoryName, memory != null && memory.service() instanceof FreezableMemory,
                spec.memoryParameters(), spec.epochs(), problems);
        String backendName = spec.backend() == null ? DEFAULT_BACKEND : spec.backend();
        PluginRegistry.Entry backend = find(registry, PluginKind.BACKEND, backendName, NO_LAYER, problems);
        Parameters backendParams = params(backend, NO_LAYER, spec.backendParameters(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidTrialException(spec.name(), problems);
        }
        return new ResolvedTrial(spec, dataset, dataParams, List.copyOf(neurons), List.copyOf(neuronParams),
                List.copyOf(connectivities), List.copyOf(connectivityParams), rule,
                ruleParams, memory, memoryParams, backend, backendParams, schedule);
    }

    private static PluginRegistry.Entry find(PluginRegistry registry, PluginKind kind, String name, int layer,
            List<TrialProblem> problems) {
        if (name == null || name.isBlank()) {
            problems.add(TrialProblem.missingPlugin(kind, layer, available(registry, kind)));
            return null;
        }
        PluginRegistry.Entry entry = registry.get(kind, name).orElse(null);
        if (entry == null) {
            problems.add(TrialProblem.unknownPlugin(kind, name, layer, available(registry, kind)));
            return null;
        }
        List<PluginRegistry.Entry> rivals = registry.rivals(kind, name);
        if (!rivals.isEmpty()) {
            List<String> bundles = new ArrayList<>();
            bundles.add(entry.bundle() + " " + entry.version());
            rivals.forEach(r -> bundles.add(r.bundle() + " " + r.version()));
            problems.add(new TrialProblem(TrialProblem.Kind.AMBIGUOUS_PLUGIN, kind, name, layer, null, kind.word() + " '" + name
                    + "' is claimed by " + bundles.size() + " bundles of equal service.ranking: " + String.join(", ", bundles)
                    + "; remove all but one of their jars from plugins/ (or give the one to use a higher service.ranking)"));
        }
        return entry;
    }

    private static String available(PluginRegistry registry, PluginKind kind) {
        List<String> names = registry.names(kind);
        return names.isEmpty() ? "none installed (add a " + kind.word() + " bundle to bundle/ or plugins/)"
                : String.join(", ", names);
    }

    private static Parameters params(PluginRegistry.Entry entry, int layer, Map<String, Object> given, List<TrialProblem> problems) {
        if (entry == null) {
            return null;
        }
        List<ParameterDescriptor> descriptors;
        try {
            descriptors = entry.service().parameters();
        } catch (RuntimeException | LinkageError e) {
            problems.add(new TrialProblem(TrialProblem.Kind.BROKEN_PLUGIN, entry.kind(), entry.name(), layer, null,
                    entry.kind().word() + " " + entry.describe() + " is broken: its parameters() threw " + e
                            + "; update or remove its bundle"));
            return null;
        }
        try {
            return Parameters.resolve(entry.kind().word() + " '" + entry.name() + "'", descriptors, given);
        } catch (InvalidParametersException e) {
            for (ParameterProblem p : e.problems()) {
                problems.add(TrialProblem.ofParameter(entry.kind(), entry.name(), layer, p));
            }
            return null;
        }
    }
}

package org.engram.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.engram.api.PluginKind;
import org.engram.api.engine.Engine;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.PluginInfo;
import org.engram.api.engine.TrialCheckpoints;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "trial", sortOptions = false,
        description = "Run one trial (one dataset, network, rule, memory, backend and seed) and print its accuracy per epoch.",
        footer = {"", "Example:", "  engram trial --dataset xor --layers 10:relu-layernorm,2:linear --rule backprop --epochs 5"})
final class TrialCommand implements java.util.concurrent.Callable<Integer> {
    private final Engine engine;

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, description = "dataset plugin, e.g. mnist, xor")
    String dataset;

    @Option(names = "--layers", required = true, split = ",", paramLabel = "LAYER",
            description = "hidden layers then the output layer: SIZE:NEURON (dense) or CONNECTIVITY[/key=value...]:NEURON, "
                    + "e.g. 128:relu-layernorm,64:relu-layernorm,10:linear or "
                    + "conv2d/channels=16:relu-layernorm,avg-pool:linear,10:linear")
    List<String> layers;

    @Option(names = "--rule", required = true, description = "learning rule plugin, e.g. ib-hebbian, backprop")
    String rule;

    @Option(names = "--memory", description = "working-memory plugin (default: window, the exact signal)")
    String memory;

    @Option(names = "--backend", description = "compute backend plugin (default: java)")
    String backend;

    @Option(names = "--epochs", defaultValue = "1", description = "passes over the training split (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "seed of initialisation, data order and noise (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--train-limit", defaultValue = "0", description = "use only the first N training samples (0: all)")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "0", description = "evaluate on only the first N test samples (0: all)")
    int testLimit;

    @Option(names = {"-D", "--dataset-param"}, paramLabel = "KEY=VALUE", description = "a dataset parameter")
    Map<String, String> datasetParams = new LinkedHashMap<>();

    @Option(names = {"-N", "--neuron-param"}, paramLabel = "KEY=VALUE", description = "a parameter for every layer's neuron model that has it")
    Map<String, String> neuronParams = new LinkedHashMap<>();

    @Option(names = {"-R", "--rule-param"}, paramLabel = "KEY=VALUE", description = "a learning-rule parameter, e.g. -R gamma=2")
    Map<String, String> ruleParams = new LinkedHashMap<>();

    @Option(names = {"-M", "--memory-param"}, paramLabel = "KEY=VALUE", description = "a working-memory parameter")
    Map<String, String> memoryParams = new LinkedHashMap<>();

    @Option(names = {"-B", "--backend-param"}, paramLabel = "KEY=VALUE", description = "a backend parameter")
    Map<String, String> backendParams = new LinkedHashMap<>();

    @Option(names = {"-q", "--quiet"}, description = "print only the final result")
    boolean quiet;

    TrialCommand(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrialSpec trial = new TrialSpec("trial", dataset, new LinkedHashMap<>(datasetParams), parseLayers(), rule,
                new LinkedHashMap<>(ruleParams), memory, new LinkedHashMap<>(memoryParams), backend,
                new LinkedHashMap<>(backendParams), seed, epochs, trainLimit, testLimit);
        try {
            engine.validate(trial);
        } catch (InvalidTrialException e) {
            // what the command line asks cannot run (an unknown plugin, --epochs -1): a usage error, as for a study
            PrintWriter err = spec.commandLine().getErr();
            err.println("engram trial: " + e.getMessage());
            err.println("Try 'engram trial --help' for more.");
            err.flush();
            return spec.exitCodeOnInvalidInput();
        }
        // a lone trial computes on every core (0); --backend-param threads=N fixes the number
        TrialResult result = engine.run(trial,
                new TrialProgress(out, System.console() != null, quiet, System::nanoTime, epochs), TrialCheckpoints.NONE, 0);
        out.println(String.format(Locale.ROOT, "final test accuracy %s (%s, %s, seed %d, %d epochs)",
                TrialProgress.pct(result.finalTestAccuracy()).trim(), rule, dataset, seed, epochs));
        if (!quiet) {
            inReadingOrder(result.provenance()).forEach((k, v) -> out.println("  " + k + ": " + v));
        }
        return 0;
    }

    /**
     * {@code SIZE:NEURON} is a dense layer; {@code CONNECTIVITY[/key=value...]:NEURON} a layer of another
     * connectivity, e.g. {@code conv2d/channels=16/kernel=3:relu-layernorm} or {@code avg-pool:linear}.
     */
    private List<LayerSpec> parseLayers() {
        List<LayerSpec> out = new ArrayList<>();
        for (String l : layers) {
            String[] parts = l.split(":", 2);
            String neuron = parts.length > 1 ? parts[1].trim() : "";
            String head = parts[0].trim();
            if (head.matches("-?\\d+")) {
                try {
                    out.add(new LayerSpec(Integer.parseInt(head), neuron, paramsFor(neuron)));
                } catch (NumberFormatException e) {
                    throw badLayer(l);
                }
                continue;
            }
            String[] words = head.split("/");
            if (engine.plugin(PluginKind.CONNECTIVITY, words[0]).isEmpty()) {
                throw badLayer(l);
            }
            Map<String, Object> connectivity = new LinkedHashMap<>();
            for (int i = 1; i < words.length; i++) {
                String[] kv = words[i].split("=", 2);
                if (kv.length != 2 || kv[0].isBlank()) {
                    throw badLayer(l);
                }
                connectivity.put(kv[0].trim(), number(kv[1].trim()));
            }
            out.add(new LayerSpec(0, neuron, paramsFor(neuron), words[0], connectivity));
        }
        return out;
    }

    private CommandLine.ParameterException badLayer(String layer) {
        List<String> connectivities = engine.plugins().stream().filter(p -> p.kind() == PluginKind.CONNECTIVITY)
                .map(PluginInfo::name).toList();
        return new CommandLine.ParameterException(spec.commandLine(), "layer '" + layer + "' is neither SIZE:NEURON nor "
                + "CONNECTIVITY[/key=value...]:NEURON; write e.g. 128:relu-layernorm or conv2d/channels=16:relu-layernorm "
                + "(connectivities: " + (connectivities.isEmpty() ? "none installed" : String.join(", ", connectivities)) + ")");
    }

    /** A whole number or a real where the text is one (the engine converts it to the declared type), else the text. */
    private static Object number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e2) {
                return text;
            }
        }
    }

    /** The -N parameters that this layer's neuron model declares; the others are for other layers. */
    private Map<String, Object> paramsFor(String neuron) {
        Map<String, Object> out = new LinkedHashMap<>();
        engine.plugin(PluginKind.NEURON, neuron).ifPresent(info -> neuronParams.forEach((k, v) -> {
            if (info.parameters().stream().anyMatch(d -> d.name().equals(k))) {
                out.put(k, v);
            }
        }));
        return out;
    }

    /** The order a reader looks for things: what ran, on what, with which code, then where and when. */
    private static final List<String> READING_ORDER = List.of("trial", "seed", "epochs", "trainLimit", "testLimit",
            "dataset", "layer.", "parameters", "rule", "memory", "backend", "checkpoints", "start", "end", "resumed", "java",
            "os", "cpus", "bundle.");

    /**
     * The provenance in {@link #READING_ORDER} (a key goes with the first entry it starts with; layers by number), the
     * rest after it by name: the engine's map has no order of its own.
     */
    static Map<String, String> inReadingOrder(Map<String, String> provenance) {
        java.util.Comparator<String> byRank = java.util.Comparator.comparingInt(TrialCommand::rank);
        java.util.Comparator<String> byLayer = java.util.Comparator.comparingInt(k -> k.matches("layer\\.\\d+.*")
                ? Integer.parseInt(k.replaceFirst("layer\\.(\\d+).*", "$1")) : 0);
        Map<String, String> out = new LinkedHashMap<>();
        provenance.keySet().stream().sorted(byRank.thenComparing(byLayer).thenComparing(java.util.Comparator.naturalOrder()))
                .forEach(k -> out.put(k, provenance.get(k)));
        return out;
    }

    private static int rank(String key) {
        for (int i = 0; i < READING_ORDER.size(); i++) {
            if (key.startsWith(READING_ORDER.get(i))) {
                return i;
            }
        }
        return READING_ORDER.size();
    }
}

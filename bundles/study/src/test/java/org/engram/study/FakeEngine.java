package org.engram.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.engram.api.PluginKind;
import org.engram.api.engine.Engine;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.PluginInfo;
import org.engram.api.engine.TrialCheckpoints;
import org.engram.api.engine.TrialFailedException;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialProblem;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.param.InvalidParametersException;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;

/**
 * An engine with the shipped plugin names and a few of their parameters, validating as the real one does
 * (same messages) and "running" a trial by making up a curve from the seed and the parameters, so equal
 * specs give equal results. Rule {@code crash} throws from inside the run, as a broken plugin would. It
 * checkpoints after every epoch from 1 on and continues from a checkpoint, as the real engine does.
 */
final class FakeEngine implements Engine {

    final Set<String> ran = ConcurrentHashMap.newKeySet();
    /** Trials (by id) that fail with a TrialFailedException. */
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    /** Trial to epoch after which it stops (once that epoch is checkpointed), as a killed run would. */
    final Map<String, Integer> stopAfter = new ConcurrentHashMap<>();
    /** Trial to the checkpointed epoch it continued from. */
    final Map<String, Integer> resumedFrom = new ConcurrentHashMap<>();
    /** Whether a resumed trial reports the epochs before its checkpoint again, as an engine may. */
    volatile boolean reReportsCheckpointedEpochs;
    /** When set, each run waits here until this many runs have arrived (or 5 s), proving they overlap. */
    volatile CountDownLatch rendezvous;
    /** Called with the trial's name and the epoch after each epoch is reported and checkpointed; tests look in between. */
    volatile java.util.function.BiConsumer<String, Integer> afterEpoch;

    record LinearSettings(@Parameter(defaultValue = "0.1", min = 0, description = "label noise (fraction)") double noise) {
    }

    record MnistSettings(@Parameter(defaultValue = "data/mnist", description = "where the IDX files are") String folder) {
    }

    record XorSettings(@Parameter(defaultValue = "0.1", min = 0, description = "input noise (SD)") double noise) {
    }

    record LeakySettings(@Parameter(defaultValue = "5e-3", min = 0, description = "time constant (s)") double tau) {
    }

    record LayerNormSettings(@Parameter(defaultValue = "1e-6", min = 0, description = "LayerNorm epsilon") double epsilon) {
    }

    record BackpropSettings(@Parameter(defaultValue = "32", min = 1, description = "minibatch (samples)") int batchSize,
            @Parameter(defaultValue = "1e-3", min = 0, max = 10, description = "learning rate") double learningRate) {
    }

    record IbHebbianSettings(@Parameter(defaultValue = "8", min = 2, max = 100_000, description = "window N (samples)") int window,
            @Parameter(defaultValue = "2.0", min = 0, description = "label weight") double gamma,
            @Parameter(defaultValue = "1e-3", min = 0, max = 10, description = "learning rate") double learningRate) {
    }

    record PhsicSettings(@Parameter(defaultValue = "2.0", min = 0, description = "label weight") double gamma) {
    }

    record NoSettings() {
    }

    private final List<PluginInfo> plugins = List.of(
            info(PluginKind.DATASET, "linear", LinearSettings.class),
            info(PluginKind.DATASET, "mnist", MnistSettings.class),
            info(PluginKind.DATASET, "xor", XorSettings.class),
            info(PluginKind.NEURON, "leaky", LeakySettings.class),
            info(PluginKind.NEURON, "linear", NoSettings.class),
            info(PluginKind.NEURON, "relu-layernorm", LayerNormSettings.class),
            info(PluginKind.RULE, "backprop", BackpropSettings.class),
            info(PluginKind.RULE, "crash", NoSettings.class),
            new PluginInfo(PluginKind.RULE, "hang", "a rule stuck in its code", HangingRule.BUNDLE, "1.0.0", List.of()),
            info(PluginKind.RULE, "ib-hebbian", IbHebbianSettings.class),
            info(PluginKind.RULE, "phsic", PhsicSettings.class),
            info(PluginKind.MEMORY, "window", NoSettings.class),
            info(PluginKind.BACKEND, "java", NoSettings.class));

    private static PluginInfo info(PluginKind kind, String name, Class<? extends Record> settings) {
        return new PluginInfo(kind, name, name + " for tests", "org.engram.fake", "0.1.0", ParameterSet.of(settings).descriptors());
    }

    @Override
    public List<PluginInfo> plugins() {
        return plugins;
    }

    @Override
    public Optional<PluginInfo> plugin(PluginKind kind, String name) {
        return plugins.stream().filter(p -> p.kind() == kind && p.name().equals(name)).findFirst();
    }

    @Override
    public void validate(TrialSpec spec) throws InvalidTrialException {
        List<TrialProblem> problems = new ArrayList<>();
        if (spec.epochs() < 1) {
            problems.add(TrialProblem.ofTrial("epochs is " + spec.epochs() + "; a trial needs at least 1 epoch"));
        }
        if (spec.layers().isEmpty()) {
            problems.add(TrialProblem.noLayers());
        }
        check(PluginKind.DATASET, spec.dataset(), TrialProblem.NO_LAYER, spec.datasetParameters(), problems);
        for (int l = 0; l < spec.layers().size(); l++) {
            LayerSpec layer = spec.layers().get(l);
            check(PluginKind.NEURON, layer.neuron(), l, layer.neuronParameters(), problems);
        }
        check(PluginKind.RULE, spec.rule(), TrialProblem.NO_LAYER, spec.ruleParameters(), problems);
        check(PluginKind.MEMORY, spec.memory() == null ? "window" : spec.memory(), TrialProblem.NO_LAYER,
                spec.memoryParameters(), problems);
        check(PluginKind.BACKEND, spec.backend() == null ? "java" : spec.backend(), TrialProblem.NO_LAYER,
                spec.backendParameters(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidTrialException(spec.name(), problems);
        }
    }

    private void check(PluginKind kind, String name, int layer, Map<String, Object> given, List<TrialProblem> problems) {
        if (name == null) {
            problems.add(TrialProblem.missingPlugin(kind, layer, names(kind)));
            return;
        }
        Optional<PluginInfo> p = plugin(kind, name);
        if (p.isEmpty()) {
            problems.add(TrialProblem.unknownPlugin(kind, name, layer, names(kind)));
            return;
        }
        try {
            Parameters.resolve(kind.word() + " '" + name + "'", p.get().parameters(), given);
        } catch (InvalidParametersException e) {
            e.problems().forEach(problem -> problems.add(TrialProblem.ofParameter(kind, name, layer, problem)));
        }
    }

    private String names(PluginKind kind) {
        return String.join(", ", plugins.stream().filter(p -> p.kind() == kind).map(PluginInfo::name).toList());
    }

    @Override
    public TrialResult run(TrialSpec spec, TrialListener listener) throws InvalidTrialException, TrialFailedException {
        return run(spec, listener, TrialCheckpoints.NONE);
    }

    /** Rule {@code hang}'s code, from its own bundle: a learning step that never returns and ignores interrupts. */
    static final class HangingRule {
        static final String BUNDLE = "test.hang";

        @SuppressWarnings("InfiniteLoopStatement")
        static void learn() {
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // ignored, as a stuck plugin ignores it
                }
            }
        }
    }

    /** The state this engine checkpoints: the trial's name and the epoch, enough to continue a made-up curve. */
    static byte[] state(String trial, int epoch) {
        return ("fake|" + trial + "|" + epoch).getBytes(StandardCharsets.UTF_8);
    }

    /** The epoch of a {@link #state}, as the real engine reads its own bytes for a store. */
    @Override
    public int checkpointEpoch(byte[] state) throws IOException {
        return epochOf(state);
    }

    static int epochOf(byte[] state) throws IOException {
        String[] parts = new String(state, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 3 || !parts[0].equals("fake")) {
            throw new IOException("it is not an Engram checkpoint (its first bytes are not 'fake|')");
        }
        try {
            return Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            throw new IOException("its epoch '" + parts[2] + "' is not a whole number");
        }
    }

    @Override
    public TrialResult run(TrialSpec spec, TrialListener listener, TrialCheckpoints checkpoints)
            throws InvalidTrialException, TrialFailedException {
        validate(spec);
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            CountDownLatch meet = rendezvous;
            if (meet != null) {
                meet.countDown();
                meet.await(5, TimeUnit.SECONDS);
            }
            int from = -1;
            Optional<byte[]> saved = checkpoints.latest();
            if (saved.isPresent()) {
                String[] parts = new String(saved.get(), StandardCharsets.UTF_8).split("\\|");
                if (!parts[1].equals(spec.name())) {
                    throw new InvalidTrialException(spec.name(), "the checkpoint is of trial '" + parts[1] + "', not of this one");
                }
                from = Integer.parseInt(parts[2]);
                resumedFrom.put(spec.name(), from);
            }
            ran.add(spec.name());
            Instant start = Instant.now();
            // a curve that depends on the seed and the parameters only: equal specs, equal results
            double base = 0.5 + 0.01 * Math.floorMod(spec.seed(), 7) + 0.001 * Math.floorMod(spec.ruleParameters().hashCode(), 10);
            List<EpochResult> epochs = new ArrayList<>();
            for (int e = 0; e <= spec.epochs(); e++) {
                Map<String, Double> metrics = e == 0 ? Map.of() : Map.of("hsic_xz/0", 0.1 * e, "hsic_yz/0", 0.2 / e);
                EpochResult r = new EpochResult(e, e == 0 ? Double.NaN : base + 0.03 * e, base + 0.02 * e, metrics,
                        e == 0 ? 0.0 : 0.25);
                if (e <= from) {
                    // done before the checkpoint: recalled, not run
                    if (reReportsCheckpointedEpochs) {
                        listener.epochDone(r);
                    }
                    epochs.add(r);
                    continue;
                }
                if (spec.rule().equals("hang") && e == 1) {
                    HangingRule.learn();
                }
                if (spec.rule().equals("crash") && e == 2) {
                    throw new IllegalStateException("rule 'crash' divided by zero at epoch 2");
                }
                if (failing.contains(spec.name()) && e == 1) {
                    throw new TrialFailedException("trial '" + spec.name() + "': layer 0 has non-finite weights after epoch 1", null);
                }
                listener.progress(e, 500, 1000);
                listener.epochDone(r);
                epochs.add(r);
                if (e >= 1) {
                    checkpoints.save(e, state(spec.name(), e));
                }
                java.util.function.BiConsumer<String, Integer> hook = afterEpoch;
                if (hook != null) {
                    hook.accept(spec.name(), e);
                }
                if (Integer.valueOf(e).equals(stopAfter.get(spec.name()))) {
                    throw new TrialFailedException("trial '" + spec.name() + "' stopped after epoch " + e, null);
                }
            }
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("trial", spec.name());
            provenance.put("seed", Long.toString(spec.seed()));
            provenance.put("rule", spec.rule() + " (org.engram.fake 0.1.0) " + new java.util.TreeMap<>(spec.ruleParameters()));
            provenance.put("start", start.toString());
            provenance.put("end", Instant.now().toString());
            if (from >= 0) {
                provenance.put("resumedFromEpoch", Integer.toString(from));
            }
            return new TrialResult(spec, epochs, provenance);
        } catch (IOException e) {
            throw new TrialFailedException("trial '" + spec.name() + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrialFailedException("interrupted", e);
        } finally {
            running.decrementAndGet();
        }
    }
}

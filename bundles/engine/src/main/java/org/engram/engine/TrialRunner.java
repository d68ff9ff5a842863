package org.engram.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ObjDoubleConsumer;
import org.engram.api.PluginKind;
import org.engram.api.Shape;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.connectivity.Connection;
import org.engram.api.connectivity.Connectivity;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.data.SampleSet;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.TrialCheckpoints;
import org.engram.api.engine.TrialFailedException;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialProblem;
import org.engram.api.memory.FreezableMemory;
import org.engram.api.engine.TrialResult;
import org.engram.api.neuron.ActivityMetrics;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
import org.engram.numerics.network.Evaluation;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.numerics.network.SlidingWindow;
import org.engram.numerics.random.Permutations;

/**
 * Runs one resolved trial: load data, build the network, then per epoch stream a seeded shuffle of the
 * training split through the learner's window and evaluate. Epoch 0 is the evaluation before training.
 * After each epoch the trial's state goes to its {@link TrialCheckpoints} (see {@link Checkpointer}); a run
 * that finds a checkpoint of the same trial there continues after it.
 *
 * <p>This class is the loop and what fails it; beside it: {@link RunContext} (what the plugins see),
 * {@link NonFiniteSearch} (the checks for NaN and infinities), {@link TrialProvenance} (the engine's record), numerics'
 * {@code Evaluation} (the accuracies) and {@link Checkpointer} (the epoch checkpoints).
 */
final class TrialRunner {

    /** Training accuracy is measured on at most this many training samples after each epoch. */
    static final int TRAIN_EVAL_SAMPLES = 10_000;
    /** Often enough for a slow epoch (a reservoir memory trains some 50 samples/s) to show progress every few seconds. */
    private static final int PROGRESS_EVERY = 100;
    /** The most elements a Java array holds on common JVMs. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** A parameter is a {@code double}, and the rules keep a gradient of the same size. */
    private static final long BYTES_PER_PARAMETER = 2L * Double.BYTES;
    private static final long GIB = 1L << 30;

    private final ResolvedTrial trial;
    private final TrialListener listener;
    private final long seed;
    /** The backend service; the trial computes on its view {@link #backend}. */
    private final ComputeBackend service;
    private final int threads;
    /** The backend's view for this trial (its parameters, its threads), made when the trial starts, closed when it ends. */
    private ComputeBackend backend;
    private final BundleDigests digests;
    /** What the plugins see: generators, backend, memories, reported metrics. */
    private RunContext context;
    /** Every memory the rule opened, in order: part of the trial's checkpoint (the context's, a live view). */
    private List<CheckedMemory> memories;
    /** The trial's plugins, checked after every learning step for one whose service went away. */
    private final PluginRegistry.Entry[] plugins;
    private Checkpointer checkpointer;
    /** Where the trial is, for the message when a plugin goes away: nothing reported yet, or an epoch and window. */
    private boolean started;
    private int atEpoch;
    private int atWindow;
    private boolean epochEnd;

    /**
     * @param digests hashes the bundles of the trial's plugins for provenance
     * @param threads the threads the trial may compute with (its share of the machine), at least 1
     */
    TrialRunner(ResolvedTrial trial, TrialListener listener, BundleDigests digests, int threads) {
        this.trial = trial;
        this.listener = listener;
        this.seed = trial.spec().seed();
        this.service = (ComputeBackend) trial.backend().service();
        this.threads = threads;
        this.digests = digests;
        this.plugins = trial.plugins().toArray(PluginRegistry.Entry[]::new);
    }

    /**
     * Runs the trial; with a checkpoint of it in {@code checkpoints}, continues after the checkpoint's epoch
     * instead of starting afresh, and keeps a checkpoint after every epoch when the trial is checkpointable.
     */
    TrialResult run(TrialCheckpoints checkpoints) throws InvalidTrialException, TrialFailedException {
        try {
            backend = service.forTrial(trial.backendParameters(), threads);
        } catch (RuntimeException | LinkageError e) {
            throw new TrialFailedException(name() + ": backend " + trial.backend().describe()
                    + " could not set up for the trial: " + e, e);
        }
        context = new RunContext(trial, backend);
        memories = context.memories();
        try {
            return runTrial(checkpoints);
        } catch (OutOfMemoryError e) {
            // the trial's arrays are garbage once this unwinds: the other trials, and the study, go on
            throw outOfMemory(e);
        } catch (PluginWithdrawnException | TrialStoppedException e) {
            throw e;
        } catch (InvalidTrialException | TrialFailedException | RuntimeException | LinkageError e) {
            // a plugin that went away meanwhile is the reason, whatever failed: its code or resources may be gone
            PluginRegistry.Entry gone = withdrawnPlugin();
            if (gone != null) {
                throw withdrawn(gone, e);
            }
            throw e;
        } finally {
            // the view's threads end with the trial; the service itself (a backend without views) is not closed
            if (backend != service) {
                backend.close();
            }
        }
    }

    private TrialResult runTrial(TrialCheckpoints checkpoints) throws InvalidTrialException, TrialFailedException {
        Instant start = Instant.now();
        // before anything runs: the code that produced the trial, not what is installed when it ends
        Map<String, String> bundles = ProvenanceBundles.of(trial, digests);
        DataSplits data = load();
        SampleSet train = limit(data.train(), trial.spec().trainLimit());
        SampleSet test = limit(data.test(), trial.spec().testLimit());
        Connection[] connections = createConnections(data, train);
        checkShapes(data, train, connections);

        FeedForwardNetwork network;
        try {
            network = new FeedForwardNetwork(connections, createNeurons(connections), backend, random("init"));
        } catch (PluginFaultException e) {
            throw pluginFault(e.plugin(), "while creating the network's layers", e.getCause());
        } catch (RuntimeException e) {
            throw new TrialFailedException(name() + ": could not build the network: " + e, e);
        }
        Map<String, String> provenance = TrialProvenance.of(trial, data, network, backend);
        // not a fingerprint entry: the results are the same bits on any number of threads
        provenance.put("threads", Integer.toString(backend.threads()));
        provenance.putAll(bundles);
        checkpointer = new Checkpointer(trial, checkpoints, provenance);
        // refused before the learner (and its memory) is built: a checkpoint of another trial is a user error
        TrialCheckpoint resumeFrom = checkpointer.latest().orElse(null);

        Learner learner;
        int n;
        int stride;
        try {
            learner = ((LearningRule) trial.rule().service()).create(network, trial.ruleParameters(), context);
            n = learner.windowLength();
            stride = Math.max(1, learner.stride());
        } catch (PluginFaultException e) {
            throw pluginFault(e.plugin(), "while the rule set up its memory", e.getCause());
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            throw pluginFault(trial.rule(), "while creating its learner", e);
        }
        if (n < 1 || n > train.size()) {
            throw new InvalidTrialException(trial.spec().name(), List.of(new TrialProblem(TrialProblem.Kind.TRIAL,
                    PluginKind.RULE, trial.rule().name(), TrialProblem.NO_LAYER, null, "window length " + n + " of rule '"
                    + trial.rule().name() + "' must be between 1 and the " + train.size() + " training samples; "
                    + "lower the rule's window (or batch size) or train on more samples (trainLimit)")));
        }

        MemorySchedule schedule = trial.memorySchedule();
        long windowsPerEpoch = (train.size() - n) / stride + 1;
        long freezeAfter = schedule.freezeAfter(windowsPerEpoch);
        checkSchedule(schedule, windowsPerEpoch);
        // probe windows spread evenly over each epoch: the first, then every `probeEvery`-th, `probeWindows` in all
        long probeEvery = Math.max(1, windowsPerEpoch / Math.max(1, schedule.probeWindows()));
        if (schedule.active()) {
            memories.forEach(CheckedMemory::startProbes);
        }
        boolean frozen = false;

        SlidingWindow window = new SlidingWindow(n, train.inputSize(), data.classes());
        SplittableRandom order = random("data-order");
        int[] permutation = new int[train.size()];
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = i;
        }
        List<EpochResult> epochs = new ArrayList<>();
        int done = 0;
        if (resumeFrom != null) {
            List<Checkpointer.Part> parts = checkpointer.parts(learner, memories, network);
            if (!Checkpointer.notCheckpointable(parts).isEmpty()) {
                throw new InvalidTrialException(trial.spec().name(), List.of(new TrialProblem(TrialProblem.Kind.CHECKPOINT,
                        null, null, TrialProblem.NO_LAYER, null, "it has a checkpoint, but "
                        + String.join(" / ", Checkpointer.notCheckpointable(parts)) + " cannot restore one; "
                        + "delete the checkpoint to run the trial from epoch 1")));
            }
            checkpointer.restore(resumeFrom, network, window, permutation, order, parts);
            epochs.addAll(resumeFrom.results());
            done = resumeFrom.epoch();
            provenance.put("resumedFromEpoch", Integer.toString(done));
            requirePlugins();
        } else {
            epochs.add(new EpochResult(0, Double.NaN, evaluate(network, test, test.size(), 0), Map.of(), 0.0));
            requirePlugins();
            listener.epochDone(epochs.get(0));
        }
        started = true;

        for (int epoch = done + 1; epoch <= trial.spec().epochs(); epoch++) {
            atEpoch = epoch;
            epochEnd = false;
            context.clearMetrics();
            Permutations.shuffle(permutation, order);
            window.clear();
            // what the layers measured during evaluation is not the epoch's training activity
            reportLayerActivity(network, (name, value) -> { }, epoch);
            long t0 = System.nanoTime();
            // Learn on the first full window, then every `stride` samples: minibatches of a
            // stride-N learner are the disjoint blocks of the shuffled stream.
            int sinceLearn = 0;
            int windows = 0;
            int frozenWindows = 0;
            long probed = 0;
            for (int i = 0; i < permutation.length; i++) {
                window.push(train, permutation[i], epoch);
                if (!window.isFull()) {
                    continue;
                }
                boolean learnNow = sinceLearn == 0;
                sinceLearn = (sinceLearn + 1) % stride;
                if (learnNow) {
                    windows++;
                    atWindow = windows;
                    try {
                        if (!frozen && (epoch - 1) * windowsPerEpoch + windows > freezeAfter) {
                            // from here on the memory answers alone: it computes no exact signal
                            memories.forEach(m -> m.setLearning(false));
                            frozen = true;
                        }
                        if (frozen) {
                            frozenWindows++;
                        }
                        if (schedule.active()) {
                            boolean probe = probed < schedule.probeWindows() && (windows - 1) % probeEvery == 0;
                            probed += probe ? 1 : 0;
                            for (CheckedMemory m : memories) {
                                m.probing(probe);
                            }
                        }
                        learner.learn(window);
                        // cheap (rows x classes): non-finite weights or activities reach the logits within a step
                        NonFiniteSearch.checkLogits(network);
                    } catch (NonFiniteValueException e) {
                        throw numericalFault(network, e, " at epoch " + epoch + ", window " + windows
                                + " (training sample " + (i + 1) + " of " + permutation.length + ")", epoch);
                    } catch (PluginFaultException e) {
                        throw pluginFault(e.plugin(), at(epoch, windows, i, permutation.length), e.getCause());
                    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                        throw pluginFault(trial.rule(), at(epoch, windows, i, permutation.length), e);
                    }
                    // a few volatile reads: a plugin swapped mid-epoch must not train the rest of it
                    requirePlugins();
                    stopIfInterrupted(epoch, windows);
                }
                if ((i + 1) % PROGRESS_EVERY == 0) {
                    listener.progress(epoch, i + 1, permutation.length);
                }
            }
            double loopSeconds = (System.nanoTime() - t0) / 1e9;
            epochEnd = true;
            try {
                learner.endEpoch(epoch);
            } catch (PluginFaultException e) {
                throw pluginFault(e.plugin(), "at the end of epoch " + epoch, e.getCause());
            } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                throw pluginFault(trial.rule(), "at the end of epoch " + epoch, e);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            reportLayerActivity(network, context::report, epoch);
            if (schedule.active()) {
                context.report("memory_frozen", windows == 0 ? 0.0 : frozenWindows / (double) windows);
                context.report("window_ms", windows == 0 ? Double.NaN : loopSeconds * 1e3 / windows);
                memories.forEach(m -> m.endEpoch(context::report));
            }
            // a non-finite epoch fails here, before its checkpoint: the last kept one stays the last good epoch
            checkFinite(network, epoch);
            double trainAcc = evaluate(network, train, Math.min(train.size(), TRAIN_EVAL_SAMPLES), epoch);
            double testAcc = evaluate(network, test, test.size(), epoch);
            EpochResult result = new EpochResult(epoch, trainAcc, testAcc, context.means(), seconds);
            // endEpoch and the evaluation ran plugin code too: an epoch is recorded only if all of it was one version
            requirePlugins();
            epochs.add(result);
            listener.epochDone(result);
            checkpointer.save(epoch, epochs, network, window, permutation, checkpointer.parts(learner, memories, network));
        }
        provenance.put("checkpoints", Checkpointer.describe(checkpointer.parts(learner, memories, network)));
        provenance.put("start", start.toString());
        provenance.put("end", Instant.now().toString());
        return new TrialResult(trial.spec(), epochs, provenance);
    }

    /**
     * Refuses a schedule that no memory follows (the rule opened none) or whose freeze point in windows lies at or
     * past the trial's last window (known only now, from the training split's size).
     */
    private void checkSchedule(MemorySchedule schedule, long windowsPerEpoch) throws InvalidTrialException {
        if (!schedule.active()) {
            return;
        }
        if (memories.isEmpty()) {
            throw new InvalidTrialException(trial.spec().name(), List.of(MemorySchedule.problem(trial.memory().name(),
                    MemorySchedule.firstKey(trial.spec().memoryParameters()),
                    "memory '" + trial.memory().name() + "': the section has a memory schedule, but rule '"
                    + trial.rule().name() + "' opens no working memory; remove learnEpochs, learnWindows and "
                    + "probeWindows from this trial's memory section")));
        }
        long total = windowsPerEpoch * trial.spec().epochs();
        if (schedule.learnWindows() >= total) {
            throw new InvalidTrialException(trial.spec().name(), List.of(MemorySchedule.problem(trial.memory().name(),
                    FreezableMemory.LEARN_WINDOWS,
                    "memory '" + trial.memory().name() + "': learnWindows is " + schedule.learnWindows()
                    + ", but the trial learns on only " + total + " windows (" + trial.spec().epochs() + " epochs of "
                    + windowsPerEpoch + "), so the memory would never run frozen; set learnWindows below " + total
                    + " or raise epochs or trainLimit")));
        }
    }

    private String name() {
        return "trial '" + trial.spec().name() + "'";
    }

    /**
     * Stops between two learning steps when the trial's thread is interrupted (Engram is stopping), before a stopping
     * framework takes its plugins away: a stop is then never mistaken for a plugin swap, and the checkpoint of the last
     * whole epoch stays the one a resume continues from.
     */
    private void stopIfInterrupted(int epoch, int window) throws TrialStoppedException {
        if (Thread.currentThread().isInterrupted()) {
            int kept = checkpointer == null ? 0 : checkpointer.keptEpoch();
            throw new TrialStoppedException(name() + " was stopped at epoch " + epoch + ", window " + window
                    + " because Engram is stopping; " + (kept > 0 ? "its checkpoint after epoch " + kept + " stays, and "
                    + "'engram resume <run folder>' continues from it" : "'engram resume <run folder>' runs it again"));
        }
    }

    /** The first of the trial's plugins whose service has gone since the trial resolved it, or null. */
    private PluginRegistry.Entry withdrawnPlugin() {
        for (PluginRegistry.Entry e : plugins) {
            if (e.withdrawn()) {
                return e;
            }
        }
        return null;
    }

    /** Stops the trial if one of its plugins went away: cheap enough for every learning step. */
    private void requirePlugins() throws PluginWithdrawnException {
        PluginRegistry.Entry gone = withdrawnPlugin();
        if (gone != null) {
            throw withdrawn(gone, null);
        }
    }

    /**
     * The trial stops because {@code gone}'s service was unregistered: its bundle was updated, stopped or
     * uninstalled. Before anything was reported it may start again on the new version; after, it must not go on,
     * or an epoch would mix two versions.
     *
     * @param failure what failed meanwhile, if anything: a symptom of the swap, not a fault of the plugin
     */
    private PluginWithdrawnException withdrawn(PluginRegistry.Entry gone, Throwable failure) {
        String where = where();
        StringBuilder m = new StringBuilder(name()).append(": ").append(gone.kind().word()).append(" '")
                .append(gone.name()).append("' (bundle ").append(gone.bundle()).append(' ').append(gone.version())
                .append(") was updated or removed during the trial (its service went away: the bundle was updated, "
                        + "stopped or uninstalled, or Engram is stopping), ").append(where)
                .append("; the trial stopped so that no epoch mixes two versions. Run it again (engram resume <run "
                        + "folder> restarts it on the version installed now)");
        if (checkpointer != null && checkpointer.keptEpoch() > 0) {
            m.append("; its checkpoint after epoch ").append(checkpointer.keptEpoch()).append(" holds the old version's "
                    + "state, so delete it first, or reinstall that version to continue from it");
        }
        if (failure != null) {
            Throwable cause = failure instanceof TrialFailedException || failure instanceof InvalidTrialException
                    ? failure.getCause() : failure;
            m.append(". What failed as it went: ").append(cause != null ? cause : failure.getMessage());
        }
        return new PluginWithdrawnException(m.toString(), failure, !started);
    }

    /** Where the trial is now: before its first epoch, at an epoch's window, or at an epoch's end. */
    private String where() {
        return !started ? "before its first epoch"
                : epochEnd ? "at the end of epoch " + atEpoch : "at epoch " + atEpoch + ", window " + atWindow;
    }

    /** The heap ran out in this trial: it fails alone, naming where, how large the heap is and what to change. */
    private TrialFailedException outOfMemory(OutOfMemoryError e) {
        long heap = Runtime.getRuntime().maxMemory();
        return new TrialFailedException(name() + " ran out of memory " + where() + " (" + e + "); Java's heap here is at "
                + "most " + gib(heap) + ", shared by the trials that run at once. Use fewer units, run fewer trials at once "
                + "(parallel: 1), or give Java a larger heap if the machine has the memory: ENGRAM_JAVA_OPTS=-Xmx"
                + (2 * heap / GIB + 1) + "g engram ...", e);
    }

    private static String at(int epoch, int window, int sample, int samples) {
        return "at epoch " + epoch + ", window " + window + " (training sample " + (sample + 1) + " of " + samples + ")";
    }

    private TrialFailedException pluginFault(PluginRegistry.Entry plugin, String where, Throwable e) {
        return pluginFault(trial, plugin, where, e);
    }

    /** A plugin threw: the trial fails naming the plugin, its bundle, where, and what to do. */
    static TrialFailedException pluginFault(ResolvedTrial trial, PluginRegistry.Entry plugin, String where, Throwable e) {
        return new TrialFailedException("trial '" + trial.spec().name() + "': " + plugin.kind().word() + " "
                + plugin.describe() + " threw " + where + ": " + e + ". The fault is in that plugin's code, not in the "
                + "study: report it to its author with the stack trace (the trial's failure.txt), or choose another "
                + plugin.kind().word(), e);
    }

    /**
     * Names the first non-finite value in the order the forward pass computes them (the input, then each
     * layer's weights, bias and activity), which is where the fault began; what the check saw otherwise.
     * Runs only once a check has failed, so it may scan everything.
     */
    private TrialFailedException numericalFault(FeedForwardNetwork network, NonFiniteValueException seen, String when, int epoch) {
        String first = NonFiniteSearch.firstNonFinite(trial, network, true);
        String what = first != null ? first
                : seen.where() + " holds " + seen.value() + " at index " + seen.index();
        return new TrialFailedException(name() + ": non-finite value" + when + ": " + what + ". Rule "
                + trial.rule().describe() + " drove it there; lower its learning rate or check its parameters "
                + "(engram describe rule " + trial.rule().name() + ") and those of the layers' neuron models. "
                + "The trial stops here; the results of the epochs before epoch " + epoch + " stand.", null);
    }

    /** An evaluation pass; a neuron model that throws in it fails the trial with its name. */
    private double evaluate(FeedForwardNetwork network, SampleSet samples, int count, int epoch) throws TrialFailedException {
        try {
            return Evaluation.accuracy(network, samples, count);
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            throw new TrialFailedException(name() + ": the evaluation after epoch " + epoch + " failed in the network's "
                    + "forward pass (neuron models " + trial.neurons().stream().map(PluginRegistry.Entry::describe)
                    .distinct().toList() + ", backend " + trial.backend().describe() + "): " + e, e);
        }
    }

    private DataSplits load() throws TrialFailedException {
        try {
            return ((Dataset) trial.dataset().service()).load(trial.datasetParameters(), seed);
        } catch (DataException e) {
            throw new TrialFailedException("trial '" + trial.spec().name() + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new TrialFailedException("trial '" + trial.spec().name() + "': dataset '" + trial.dataset().name()
                    + "' failed to load: " + e, e);
        }
    }

    private void checkShapes(DataSplits data, SampleSet train, Connection[] connections) throws InvalidTrialException {
        List<TrialProblem> problems = new ArrayList<>();
        int out = connections[connections.length - 1].outputShape().size();
        if (out != data.classes()) {
            problems.add(TrialProblem.ofLayer(connections.length - 1, "the output layer has " + out + " units but dataset '"
                    + trial.dataset().name() + "' has " + data.classes() + " classes; make the last layer's size " + data.classes()));
        }
        if (train.size() < 1) {
            problems.add(new TrialProblem(TrialProblem.Kind.TRIAL, PluginKind.DATASET, trial.dataset().name(),
                    TrialProblem.NO_LAYER, null, "dataset '" + trial.dataset().name() + "' has no training samples"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidTrialException(trial.spec().name(), problems);
        }
    }

    /**
     * Each layer's synapses, shapes chained from the dataset's input shape; a connectivity that cannot take its
     * input (a convolution on a flat vector, a kernel larger than its input, a pool that does not divide it) makes
     * the trial invalid, with the layer named, before anything is allocated for it.
     */
    private Connection[] createConnections(DataSplits data, SampleSet train) throws InvalidTrialException, TrialFailedException {
        List<LayerSpec> layers = trial.spec().layers();
        Connection[] connections = new Connection[layers.size()];
        // first every layer's parameter count, creating only the layers whose size comes from their input (a few
        // kernels at most), so that a network the heap cannot hold is refused before its weights are allocated
        Shape shape = inputShape(data, train);
        Shape[] inputs = new Shape[layers.size()];
        long parameters = 0;
        for (int l = 0; l < connections.length; l++) {
            inputs[l] = shape;
            LayerSpec layer = layers.get(l);
            long weights = (long) layer.size() * shape.size();
            if (layer.isPlainDense() && layer.size() >= 1 && weights <= MAX_ARRAY) {
                parameters += weights + layer.size();
                shape = Shape.flat(layer.size());
            } else {
                // another connectivity, or weights beyond one Java array: the plugin itself says what is wrong
                connections[l] = createConnection(l, shape);
                parameters += (long) connections[l].weights().length + connections[l].bias().length;
                shape = connections[l].outputShape();
            }
        }
        requireHeapFor(parameters);
        for (int l = 0; l < connections.length; l++) {
            if (connections[l] == null) {
                connections[l] = createConnection(l, inputs[l]);
            }
        }
        return connections;
    }

    private Connection createConnection(int l, Shape input) throws InvalidTrialException, TrialFailedException {
        PluginRegistry.Entry entry = trial.connectivities().get(l);
        try {
            return ((Connectivity) entry.service()).create(input, trial.spec().layers().get(l).size(),
                    trial.connectivityParameters().get(l));
        } catch (IllegalArgumentException e) {
            throw new InvalidTrialException(trial.spec().name(), List.of(new TrialProblem(TrialProblem.Kind.LAYER,
                    PluginKind.CONNECTIVITY, entry.name(), l, null, "layer " + l + " (" + entry.name() + " on input "
                    + input + "): " + e.getMessage())));
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            throw pluginFault(entry, "while creating layer " + l + "'s connection", e);
        }
    }

    /**
     * Refuses a network whose parameters (weights and biases, 8 bytes each as {@code double}, and the gradient of each
     * that the rules keep) need more than this JVM's whole heap: it could only end in an {@link OutOfMemoryError}.
     */
    private void requireHeapFor(long parameters) throws InvalidTrialException {
        long needed = parameters * BYTES_PER_PARAMETER;
        long heap = Runtime.getRuntime().maxMemory();
        if (needed > heap) {
            throw new InvalidTrialException(trial.spec().name(), String.format(Locale.ROOT, "the network has %,d "
                    + "parameters (weights and biases); with the gradient the rule keeps of each they need %s of memory, "
                    + "but Java's heap here is at most %s. Use fewer units, or give Java a larger heap if the machine has "
                    + "the memory: ENGRAM_JAVA_OPTS=-Xmx%dg engram ...", parameters, gib(needed), gib(heap),
                    (long) Math.ceil(needed * 1.25 / GIB) + 1));
        }
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) GIB);
    }

    /** The dataset's declared image shape, or a flat vector when it declares none that fits its samples. */
    private static Shape inputShape(DataSplits data, SampleSet train) {
        int[] extents = data.inputShape();
        try {
            Shape declared = extents == null ? null : Shape.of(extents);
            if (declared != null && declared.size() == train.inputSize()) {
                return declared;
            }
        } catch (IllegalArgumentException e) {
            // a shape the dataset cannot describe: its samples are flat vectors
        }
        return Shape.flat(train.inputSize());
    }

    private NeuronLayer[] createNeurons(Connection[] connections) {
        NeuronLayer[] layers = new NeuronLayer[trial.neurons().size()];
        for (int l = 0; l < layers.length; l++) {
            NeuronModel model = (NeuronModel) trial.neurons().get(l).service();
            try {
                layers[l] = model.create(connections[l].outputShape(), trial.neuronParameters().get(l),
                        random("neuron/" + l));
            } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                throw new PluginFaultException(trial.neurons().get(l), e);
            }
        }
        return layers;
    }

    /**
     * Hands what each layer that measures its activity ({@link ActivityMetrics}) measured since it was last asked to
     * {@code report}, as {@code name/layer}.
     */
    private void reportLayerActivity(FeedForwardNetwork network, ObjDoubleConsumer<String> report, int epoch)
            throws TrialFailedException {
        for (int l = 0; l < network.layerCount(); l++) {
            if (network.layer(l).neurons() instanceof ActivityMetrics measured) {
                String suffix = "/" + l;
                try {
                    measured.reportActivity((name, value) -> report.accept(name + suffix, value));
                } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                    throw pluginFault(trial.neurons().get(l), "while reporting its activity in epoch " + epoch, e);
                }
            }
        }
    }

    /** Every weight and bias, once an epoch: catches what the per-step logit check cannot see (e.g. an unused unit). */
    private void checkFinite(FeedForwardNetwork network, int epoch) throws TrialFailedException {
        String bad = NonFiniteSearch.firstNonFinite(trial, network, false);
        if (bad != null) {
            throw numericalFault(network, null, " after epoch " + epoch, epoch);
        }
    }

    private static SampleSet limit(SampleSet s, int limit) {
        if (limit <= 0 || limit >= s.size()) {
            return s;
        }
        return new SampleSet() {
            @Override
            public int size() {
                return limit;
            }

            @Override
            public int inputSize() {
                return s.inputSize();
            }

            @Override
            public int label(int index) {
                return s.label(index);
            }

            @Override
            public void copyInput(int index, double[] destination, int offset) {
                s.copyInput(index, destination, offset);
            }
        };
    }

    private SplittableRandom random(String component) {
        return context.random(component);
    }
}

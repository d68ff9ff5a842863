package org.engram.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.engram.api.TrialContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.data.SampleSet;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.TrialFailedException;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialResult;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.network.Layer;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
import org.engram.numerics.network.DenseNetwork;
import org.engram.numerics.network.SlidingWindow;

/**
 * Runs one resolved trial: load data, build the network, then per epoch stream a seeded shuffle of the
 * training split through the learner's window and evaluate. Epoch 0 is the evaluation before training.
 */
final class TrialRunner implements TrialContext {

    /** Rows per evaluation forward pass: large enough for BLAS, small enough to stay in cache. */
    static final int EVAL_ROWS = 250;
    /** Training accuracy is measured on at most this many training samples after each epoch. */
    static final int TRAIN_EVAL_SAMPLES = 10_000;
    private static final int PROGRESS_EVERY = 2_000;

    private final ResolvedTrial trial;
    private final TrialListener listener;
    private final long seed;
    private final ComputeBackend backend;
    private final Map<String, double[]> epochMetrics = new TreeMap<>();

    TrialRunner(ResolvedTrial trial, TrialListener listener) {
        this.trial = trial;
        this.listener = listener;
        this.seed = trial.spec().seed();
        this.backend = (ComputeBackend) trial.backend().service();
    }

    TrialResult run() throws InvalidTrialException, TrialFailedException {
        Instant start = Instant.now();
        DataSplits data = load();
        SampleSet train = limit(data.train(), trial.spec().trainLimit());
        SampleSet test = limit(data.test(), trial.spec().testLimit());
        checkShapes(data, train);

        DenseNetwork network;
        Learner learner;
        try {
            network = new DenseNetwork(train.inputSize(), createNeurons(), backend, random("init"));
            learner = ((LearningRule) trial.rule().service()).create(network, trial.ruleParameters(), this);
        } catch (RuntimeException e) {
            throw new TrialFailedException("trial '" + trial.spec().name() + "': could not set up "
                    + "the network or rule '" + trial.rule().name() + "': " + e, e);
        }
        int n = learner.windowLength();
        int stride = Math.max(1, learner.stride());
        if (n < 1 || n > train.size()) {
            throw new InvalidTrialException(trial.spec().name(), List.of("window length " + n + " of rule '"
                    + trial.rule().name() + "' must be between 1 and the " + train.size() + " training samples"));
        }

        List<EpochResult> epochs = new ArrayList<>();
        epochs.add(new EpochResult(0, Double.NaN, accuracy(network, test, test.size()), Map.of(), 0.0));
        listener.epochDone(epochs.get(0));

        SlidingWindow window = new SlidingWindow(n, train.inputSize(), data.classes());
        SplittableRandom order = random("data-order");
        int[] permutation = new int[train.size()];
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = i;
        }
        for (int epoch = 1; epoch <= trial.spec().epochs(); epoch++) {
            epochMetrics.clear();
            shuffle(permutation, order);
            window.clear();
            long t0 = System.nanoTime();
            int sinceLearn = 0;
            for (int i = 0; i < permutation.length; i++) {
                window.push(train, permutation[i], epoch);
                if (window.isFull() && ++sinceLearn >= stride) {
                    sinceLearn = 0;
                    try {
                        learner.learn(window);
                    } catch (RuntimeException e) {
                        throw new TrialFailedException("trial '" + trial.spec().name() + "': rule '" + trial.rule().name()
                                + "' failed at epoch " + epoch + ", sample " + i + ": " + e, e);
                    }
                }
                if ((i + 1) % PROGRESS_EVERY == 0) {
                    listener.progress(epoch, i + 1, permutation.length);
                }
            }
            learner.endEpoch(epoch);
            double seconds = (System.nanoTime() - t0) / 1e9;
            checkFinite(network, epoch);
            double trainAcc = accuracy(network, train, Math.min(train.size(), TRAIN_EVAL_SAMPLES));
            double testAcc = accuracy(network, test, test.size());
            EpochResult result = new EpochResult(epoch, trainAcc, testAcc, means(), seconds);
            epochs.add(result);
            listener.epochDone(result);
        }
        return new TrialResult(trial.spec(), epochs, provenance(data, start, Instant.now(), network));
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

    private void checkShapes(DataSplits data, SampleSet train) throws InvalidTrialException {
        List<String> problems = new ArrayList<>();
        int out = trial.spec().layers().get(trial.spec().layers().size() - 1).size();
        if (out != data.classes()) {
            problems.add("the output layer has " + out + " units but dataset '" + trial.dataset().name() + "' has "
                    + data.classes() + " classes; make the last layer's size " + data.classes());
        }
        if (train.size() < 1) {
            problems.add("dataset '" + trial.dataset().name() + "' has no training samples");
        }
        if (!problems.isEmpty()) {
            throw new InvalidTrialException(trial.spec().name(), problems);
        }
    }

    private NeuronLayer[] createNeurons() {
        NeuronLayer[] layers = new NeuronLayer[trial.neurons().size()];
        for (int l = 0; l < layers.length; l++) {
            NeuronModel model = (NeuronModel) trial.neurons().get(l).service();
            layers[l] = model.create(trial.spec().layers().get(l).size(), trial.neuronParameters().get(l),
                    random("neuron/" + l));
        }
        return layers;
    }

    /**
     * Fraction of the first {@code count} samples classified right. Stateful networks start each chunk
     * from a fresh state, run a sample's time steps and average the logits of the readout steps.
     */
    private double accuracy(DenseNetwork network, SampleSet samples, int count) {
        if (count == 0) {
            return Double.NaN;
        }
        int in = samples.inputSize();
        int classes = network.outputSize();
        NeuronLayer outputNeurons = network.layer(network.layerCount() - 1).neurons();
        int steps = network.stepsPerSample();
        int readout = Math.min(steps, Math.max(1, outputNeurons.readoutSteps()));
        double[] x = new double[EVAL_ROWS * in];
        double[] logits = new double[EVAL_ROWS * classes];
        int correct = 0;
        for (int start = 0; start < count; start += EVAL_ROWS) {
            int rows = Math.min(EVAL_ROWS, count - start);
            for (int r = 0; r < rows; r++) {
                samples.copyInput(start + r, x, r * in);
            }
            java.util.Arrays.fill(logits, 0.0);
            network.resetState();
            for (int s = 0; s < steps; s++) {
                network.forward(x, rows);
                if (s >= steps - readout) {
                    double[] out = network.output();
                    for (int i = 0; i < rows * classes; i++) {
                        logits[i] += out[i];
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (logits[r * classes + c] > logits[r * classes + best]) {
                        best = c;
                    }
                }
                if (best == samples.label(start + r)) {
                    correct++;
                }
            }
        }
        network.resetState();
        return correct / (double) count;
    }

    private static void checkFinite(DenseNetwork network, int epoch) throws TrialFailedException {
        for (int l = 0; l < network.layerCount(); l++) {
            Layer layer = network.layer(l);
            if (!allFinite(layer.weights()) || !allFinite(layer.bias())) {
                throw new TrialFailedException("layer " + l + " has non-finite weights after epoch " + epoch
                        + "; lower the learning rate or check the rule's parameters", null);
            }
        }
    }

    private static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
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

    private Map<String, Double> means() {
        Map<String, Double> out = new TreeMap<>();
        epochMetrics.forEach((k, v) -> out.put(k, v[0] / v[1]));
        return out;
    }

    private Map<String, String> provenance(DataSplits data, Instant start, Instant end, DenseNetwork network) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("trial", trial.spec().name());
        p.put("seed", Long.toString(seed));
        p.put("epochs", Integer.toString(trial.spec().epochs()));
        p.put("dataset", describe(trial.dataset()) + " " + trial.datasetParameters());
        p.put("dataset.id", data.id());
        p.put("dataset.sha256", data.contentHash());
        for (int l = 0; l < trial.neurons().size(); l++) {
            p.put("layer." + l, trial.spec().layers().get(l).size() + " x " + describe(trial.neurons().get(l)) + " "
                    + trial.neuronParameters().get(l));
        }
        p.put("parameters", Long.toString(network.parameterCount()));
        p.put("rule", describe(trial.rule()) + " " + trial.ruleParameters());
        p.put("memory", describe(trial.memory()) + " " + trial.memoryParameters());
        p.put("backend", describe(trial.backend()) + " " + trial.backendParameters());
        p.put("backend.implementation", backend.implementation());
        p.put("trainLimit", Integer.toString(trial.spec().trainLimit()));
        p.put("testLimit", Integer.toString(trial.spec().testLimit()));
        p.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        p.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        p.put("start", start.toString());
        p.put("end", end.toString());
        return p;
    }

    private static String describe(PluginRegistry.Entry e) {
        return e.name() + " (" + e.bundle() + " " + e.version() + ")";
    }

    // ---- TrialContext -------------------------------------------------------------------------

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public SplittableRandom random(String component) {
        return TrialRandom.forComponent(seed, component);
    }

    @Override
    public ComputeBackend backend() {
        return backend;
    }

    @Override
    public Memory openMemory(MemoryTask task) {
        return ((WorkingMemory) trial.memory().service()).create(task, trial.memoryParameters(), this);
    }

    @Override
    public void report(String metric, double value) {
        double[] sumCount = epochMetrics.computeIfAbsent(metric, k -> new double[2]);
        sumCount[0] += value;
        sumCount[1] += 1;
    }
}

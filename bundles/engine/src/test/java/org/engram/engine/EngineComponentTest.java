package org.engram.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ObjDoubleConsumer;
import org.engram.api.PluginKind;
import org.engram.api.Shape;
import org.engram.api.TrialContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.connectivity.Connection;
import org.engram.api.connectivity.Connectivity;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.data.SampleSet;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialProblem;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.neuron.ActivityMetrics;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
import org.engram.numerics.connectivity.DenseConnection;
import org.junit.jupiter.api.Test;

/** The engine with hand-made plugins: resolution, error messages, and the training loop end to end. */
class EngineComponentTest {

    /** Two Gaussian blobs in 2-D, centred at (±1, ±1), generated from the seed. */
    static final class Blobs implements Dataset {
        @Override
        public DataSplits load(Parameters p, long seed) {
            int n = p.getInt("points");
            double[] x = new double[2 * n];
            int[] y = new int[n];
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < n; i++) {
                y[i] = i % 2;
                double c = y[i] == 0 ? -1 : 1;
                x[2 * i] = c + 0.3 * (r.nextDouble() - 0.5);
                x[2 * i + 1] = c + 0.3 * (r.nextDouble() - 0.5);
            }
            SampleSet all = new SampleSet() {
                public int size() {
                    return n;
                }

                public int inputSize() {
                    return 2;
                }

                public int label(int i) {
                    return y[i];
                }

                public void copyInput(int i, double[] d, int o) {
                    d[o] = x[2 * i];
                    d[o + 1] = x[2 * i + 1];
                }
            };
            return new DataSplits() {
                public String id() {
                    return "blobs";
                }

                public String contentHash() {
                    return "0";
                }

                public int[] inputShape() {
                    return new int[] {2};
                }

                public int classes() {
                    return 2;
                }

                public SampleSet train() {
                    return all;
                }

                public SampleSet test() {
                    return all;
                }
            };
        }

        public String description() {
            return "blobs";
        }

        record Settings(
                @Parameter(defaultValue = "200", min = 2,
                        description = "number of points")
                int points) {
        }

        public List<ParameterDescriptor> parameters() {
            return ParameterSet.of(Settings.class).descriptors();
        }
    }

    static final class Identity implements NeuronModel {
        public NeuronLayer create(int size, Parameters p, SplittableRandom r) {
            return new NeuronLayer() {
                public int size() {
                    return size;
                }

                public int stepsPerSample() {
                    return 1;
                }

                public int readoutSteps() {
                    return 1;
                }

                public void forward(double[] d, double[] o, int rows) {
                    System.arraycopy(d, 0, o, 0, rows * size);
                }

                public void vjp(int row, double[] g, int go, double[] gd, int gdo) {
                    System.arraycopy(g, go, gd, gdo, size);
                }

                public void reset() {
                }
            };
        }

        public String description() {
            return "identity";
        }

        public List<ParameterDescriptor> parameters() {
            return List.of();
        }
    }

    /** Softmax delta rule on the last layer, over the window: enough to learn linearly separable blobs. */
    static final class Delta implements LearningRule {
        public Learner create(Network net, Parameters p, TrialContext ctx) {
            double lr = p.getDouble("learningRate");
            int n = p.getInt("window");
            ctx.openMemory(new MemoryTask() {
                public int layers() {
                    return 0;
                }

                public int signalSize(int l) {
                    return 0;
                }

                public int windowLength() {
                    return n;
                }

                public void exactSignal(int l, Window w, double[] a, double[] o) {
                }
            });
            return new Learner() {
                public int windowLength() {
                    return n;
                }

                public void learn(Window w) {
                    net.forward(w.inputs(), w.length());
                    Layer out = net.layer(net.layerCount() - 1);
                    double[] z = net.output();
                    int c = out.size();
                    for (int row = 0; row < w.length(); row++) {
                        double max = Math.max(z[row * c], z[row * c + 1]);
                        double e0 = Math.exp(z[row * c] - max);
                        double e1 = Math.exp(z[row * c + 1] - max);
                        for (int k = 0; k < c; k++) {
                            double s = (k == 0 ? e0 : e1) / (e0 + e1);
                            double d = (s - w.targets()[row * c + k]) / w.length();
                            out.bias()[k] -= lr * d;
                            for (int j = 0; j < out.inputSize(); j++) {
                                out.weights()[k * out.inputSize() + j] -= lr * d * out.input()[row * out.inputSize() + j];
                            }
                        }
                    }
                    ctx.report("seen", 1.0);
                }
            };
        }

        public String description() {
            return "delta";
        }

        record Settings(
                @Parameter(defaultValue = "0.5", min = 0.0,
                        description = "step")
                double learningRate,
                @Parameter(defaultValue = "4", min = 1,
                        description = "N")
                int window) {
        }

        public List<ParameterDescriptor> parameters() {
            return ParameterSet.of(Settings.class).descriptors();
        }
    }

    static final class NoMemory implements WorkingMemory {
        public Memory create(MemoryTask t, Parameters p, TrialContext c) {
            return (l, w, a, o) -> t.exactSignal(l, w, a, o);
        }

        public String description() {
            return "window";
        }

        public List<ParameterDescriptor> parameters() {
            return List.of();
        }
    }

    static EngineComponent engine() {
        EngineComponent e = new EngineComponent();
        e.register(PluginKind.DATASET, "blobs", new Blobs(), 1);
        e.register(PluginKind.NEURON, "identity", new Identity(), 2);
        e.register(PluginKind.RULE, "delta", new Delta(), 3);
        e.register(PluginKind.MEMORY, "window", new NoMemory(), 4);
        e.register(PluginKind.BACKEND, "java", new NaiveBackend(), 5);
        e.register(PluginKind.CONNECTIVITY, "dense", new Dense(), 6);
        return e;
    }

    /** The default connectivity, as the connectivity-dense bundle provides it. */
    static final class Dense implements Connectivity {
        public String description() {
            return "dense";
        }

        public List<ParameterDescriptor> parameters() {
            return List.of();
        }

        public Connection create(Shape input, int size, Parameters parameters) {
            return new DenseConnection(input, size);
        }
    }

    static TrialSpec spec(String rule, Map<String, Object> ruleParams, int outputs, int epochs, long seed) {
        return new TrialSpec("t", "blobs", Map.of(), List.of(new LayerSpec(outputs, "identity", Map.of())), rule,
                ruleParams, null, null, null, null, seed, epochs, 0, 0);
    }

    @Test
    void trainsAndEvaluatesEveryEpochDeterministically() throws Exception {
        TrialResult a = engine().run(spec("delta", Map.of(), 2, 3, 42), TrialListener.NONE);
        TrialResult b = engine().run(spec("delta", Map.of(), 2, 3, 42), TrialListener.NONE);
        assertEquals(4, a.epochs().size(), "epoch 0 plus 3 epochs");
        assertTrue(a.finalTestAccuracy() > 0.95, "blobs are separable: " + a.finalTestAccuracy());
        for (int i = 0; i < a.epochs().size(); i++) {
            assertEquals(a.epochs().get(i).testAccuracy(), b.epochs().get(i).testAccuracy());
            assertEquals(a.epochs().get(i).trainAccuracy(), b.epochs().get(i).trainAccuracy(), 0.0);
        }
        // a window of 4 over 200 samples learns 197 times per epoch; the engine reports the mean
        EpochResult e1 = a.epochs().get(1);
        assertEquals(1.0, e1.metrics().get("seen"));
        assertEquals("42", a.provenance().get("seed"));
        assertTrue(a.provenance().get("rule").startsWith("delta (test 0)"));
    }

    /** Identity units that count the rows they forward and report that count, as a spiking layer reports its spikes. */
    static final class Counting implements NeuronModel {
        public NeuronLayer create(int size, Parameters p, SplittableRandom r) {
            return new CountingLayer(new Identity().create(size, p, r));
        }

        public String description() {
            return "counting identity";
        }

        public List<ParameterDescriptor> parameters() {
            return List.of();
        }
    }

    private static final class CountingLayer implements NeuronLayer, ActivityMetrics {
        private final NeuronLayer identity;
        private long rows;

        CountingLayer(NeuronLayer identity) {
            this.identity = identity;
        }

        public int size() {
            return identity.size();
        }

        public int stepsPerSample() {
            return 1;
        }

        public int readoutSteps() {
            return 1;
        }

        public void forward(double[] d, double[] o, int rows) {
            this.rows += rows;
            identity.forward(d, o, rows);
        }

        public void vjp(int row, double[] g, int go, double[] gd, int gdo) {
            identity.vjp(row, g, go, gd, gdo);
        }

        public void reset() {
        }

        public void reportActivity(ObjDoubleConsumer<String> report) {
            report.accept("rows_forwarded", rows);
            rows = 0;
        }
    }

    @Test
    void layersThatMeasureTheirActivityReportTheEpochsTrainingForwardsOnly() throws Exception {
        EngineComponent engine = engine();
        engine.register(PluginKind.NEURON, "counting", new Counting(), 7);
        TrialSpec spec = new TrialSpec("t", "blobs", Map.of(), List.of(new LayerSpec(2, "counting", Map.of())), "delta",
                Map.of(), null, null, null, null, 42, 2, 0, 0);
        TrialResult result = engine.run(spec, TrialListener.NONE);
        assertFalse(result.epochs().get(0).metrics().containsKey("rows_forwarded/0"), "epoch 0 only evaluates");
        for (int epoch = 1; epoch <= 2; epoch++) {
            // 197 windows of 4 rows per epoch; the evaluations before, between and after are not counted
            assertEquals(197.0 * 4, result.epochs().get(epoch).metrics().get("rows_forwarded/0"), "epoch " + epoch);
        }
    }

    @Test
    void unknownNamesListWhatIsAvailable() {
        TrialSpec bad = new TrialSpec("t", "mnits", Map.of(), List.of(new LayerSpec(2, "relu", Map.of())), "hebb",
                Map.of(), "reservoir", Map.of(), "gpu", Map.of(), 1, 1, 0, 0);
        InvalidTrialException e = assertThrows(InvalidTrialException.class, () -> engine().validate(bad));
        assertEquals(5, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("unknown dataset 'mnits'; available: blobs"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown neuron 'relu'; available: identity"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown rule 'hebb'; available: delta"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown memory 'reservoir'; available: window"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown backend 'gpu'; available: java"), e.getMessage());
    }

    @Test
    void badParametersAreRejectedBeforeAnythingRuns() {
        InvalidTrialException e = assertThrows(InvalidTrialException.class,
                () -> engine().run(spec("delta", Map.of("learningrate", 0.1, "window", -3), 2, 1, 1), TrialListener.NONE));
        assertTrue(e.getMessage().contains("unknown parameter 'learningrate'; rule 'delta' accepts: learningRate, window"),
                e.getMessage());
        assertTrue(e.getMessage().contains("parameter 'window' is -3, out of range; use a value in [1, ∞)"), e.getMessage());
    }

    @Test
    void outputSizeMustMatchClasses() {
        InvalidTrialException e = assertThrows(InvalidTrialException.class,
                () -> engine().run(spec("delta", Map.of(), 3, 1, 1), TrialListener.NONE));
        assertTrue(e.getMessage().contains("output layer has 3 units but dataset 'blobs' has 2 classes"), e.getMessage());
    }

    @Test
    void windowLongerThanDataIsRejected() {
        InvalidTrialException e = assertThrows(InvalidTrialException.class,
                () -> engine().run(spec("delta", Map.of("window", 500), 2, 1, 1), TrialListener.NONE));
        assertTrue(e.getMessage().contains("window length 500"), e.getMessage());
    }

    @Test
    void zeroEpochsIsRejected() {
        InvalidTrialException e = assertThrows(InvalidTrialException.class,
                () -> engine().validate(spec("delta", Map.of(), 2, 0, 1)));
        assertTrue(e.getMessage().contains("at least 1 epoch"), e.getMessage());
    }

    @Test
    void eachProblemNamesItsKindPluginLayerAndParameterAsData() {
        TrialSpec bad = new TrialSpec("t", "blobs", Map.of("pionts", 10), List.of(new LayerSpec(4, "identity", Map.of()),
                new LayerSpec(2, "identiy", Map.of())), "delta", Map.of("window", -3), null, null, null, null, 1, 1, 0, 0);
        InvalidTrialException e = assertThrows(InvalidTrialException.class, () -> engine().validate(bad));
        assertEquals(List.of(
                new TrialProblem(TrialProblem.Kind.PARAMETER, PluginKind.DATASET, "blobs", TrialProblem.NO_LAYER, "pionts",
                        "dataset 'blobs': unknown parameter 'pionts'; dataset 'blobs' accepts: points; did you mean 'points'?"),
                new TrialProblem(TrialProblem.Kind.UNKNOWN_PLUGIN, PluginKind.NEURON, "identiy", 1, null,
                        "unknown neuron 'identiy'; available: identity"),
                new TrialProblem(TrialProblem.Kind.PARAMETER, PluginKind.RULE, "delta", TrialProblem.NO_LAYER, "window",
                        "rule 'delta': parameter 'window' is -3, out of range; use a value in [1, ∞)")), e.problems());
    }
}

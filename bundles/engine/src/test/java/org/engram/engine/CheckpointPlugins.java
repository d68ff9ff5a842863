package org.engram.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.engram.api.Checkpointable;
import org.engram.api.PluginKind;
import org.engram.api.TrialContext;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.TrialCheckpoints;
import org.engram.api.engine.TrialSpec;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;

/**
 * Test plugins whose every part holds state across epochs, so a checkpoint that misses any of it shows: a
 * delta rule with momentum that takes a signal from memory, a memory that averages the exact signal with
 * noise from its own generator, and noisy identity units. Each implements {@link Checkpointable}, reseeding
 * its generator in {@code writeState}.
 */
final class CheckpointPlugins {

    private CheckpointPlugins() {
    }

    /** The engine of {@link EngineComponentTest#engine()} plus these plugins. */
    static EngineComponent engine(MomentumRule rule) {
        EngineComponent e = EngineComponentTest.engine();
        e.register(PluginKind.RULE, "momentum", rule, 30, 0, "test.momentum");
        e.register(PluginKind.MEMORY, "noisy-average", new NoisyAverage(), 31, 0, "test.noisy");
        e.register(PluginKind.NEURON, "noisy-identity", new NoisyIdentity(), 32, 0, "test.noisy");
        return e;
    }

    /** 2 → 4 noisy identity units → 2 identity logits, the momentum rule, the noisy memory, 120 blobs. */
    static TrialSpec spec(int epochs, long seed, Map<String, Object> ruleParameters) {
        return new TrialSpec("resumable", "blobs", Map.of("points", 120),
                List.of(new LayerSpec(4, "noisy-identity", Map.of()), new LayerSpec(2, "identity", Map.of())), "momentum",
                ruleParameters, "noisy-average", Map.of(), null, null, seed, epochs, 0, 0);
    }

    /** Keeps every saved state by epoch; {@code failAt}'s save throws, as a disk that fills up would. */
    static final class MemoryStore implements TrialCheckpoints {
        final Map<Integer, byte[]> saved = new TreeMap<>();
        byte[] latest;
        int failAt = -1;

        MemoryStore() {
        }

        MemoryStore(byte[] latest) {
            this.latest = latest;
        }

        @Override
        public Optional<byte[]> latest() {
            return Optional.ofNullable(latest == null ? null : latest.clone());
        }

        @Override
        public void save(int epoch, byte[] state) {
            if (epoch == failAt) {
                throw new IllegalStateException("no space left on device");
            }
            saved.put(epoch, state.clone());
            latest = state.clone();
        }
    }

    /**
     * Softmax delta rule on the output layer with momentum, plus a nudge of the output bias by the memory's
     * signal; counts its learn calls in the service, for tests only.
     */
    static class MomentumRule implements LearningRule {
        int learnCalls;

        @Override
        public Learner create(Network net, Parameters p, TrialContext ctx) {
            return new MomentumLearner(this, net, p, ctx);
        }

        @Override
        public String description() {
            return "delta rule with momentum (test)";
        }

        record Settings(
                @Parameter(defaultValue = "0.2", min = 0.0,
                        description = "step size")
                double learningRate,
                @Parameter(defaultValue = "3", min = 1,
                        description = "N")
                int window,
                @Parameter(defaultValue = "0", min = 0,
                        description = "epoch whose first step writes NaN (0: never)")
                int nanAtEpoch) {
        }

        @Override
        public List<ParameterDescriptor> parameters() {
            return ParameterSet.of(Settings.class).descriptors();
        }

        /** Written after the velocity; a subclass may read it wrong. */
        void readTail(DataInput in) throws IOException {
            in.readInt();
        }
    }

    static final class MomentumLearner implements Learner, Checkpointable {
        private final MomentumRule rule;
        private final Network net;
        private final double lr;
        private final int n;
        private final int nanAtEpoch;
        private final TrialContext ctx;
        private final Memory memory;
        private final double[] velocity;
        private final double[] signal;
        private long steps;

        MomentumLearner(MomentumRule rule, Network net, Parameters p, TrialContext ctx) {
            this.rule = rule;
            this.net = net;
            this.lr = p.getDouble("learningRate");
            this.n = p.getInt("window");
            this.nanAtEpoch = p.getInt("nanAtEpoch");
            this.ctx = ctx;
            Layer out = net.layer(net.layerCount() - 1);
            this.velocity = new double[out.weights().length + out.bias().length];
            this.signal = new double[out.size()];
            this.memory = ctx.openMemory(new MemoryTask() {
                public int layers() {
                    return 1;
                }

                public int signalSize(int l) {
                    return out.size();
                }

                public int windowLength() {
                    return n;
                }

                public void exactSignal(int l, Window w, double[] a, double[] o) {
                    for (int k = 0; k < o.length; k++) {
                        o[k] = a[(w.length() - 1) * o.length + k] - w.targets()[(w.length() - 1) * o.length + k];
                    }
                }
            });
        }

        @Override
        public int windowLength() {
            return n;
        }

        @Override
        public void learn(Window w) {
            rule.learnCalls++;
            net.forward(w.inputs(), w.length());
            Layer out = net.layer(net.layerCount() - 1);
            memory.signal(0, w, out.activity(), signal);
            int c = out.size();
            int in = out.inputSize();
            double[] z = net.output();
            for (int row = 0; row < w.length(); row++) {
                double max = Math.max(z[row * c], z[row * c + 1]);
                double e0 = Math.exp(z[row * c] - max);
                double e1 = Math.exp(z[row * c + 1] - max);
                for (int k = 0; k < c; k++) {
                    double d = ((k == 0 ? e0 : e1) / (e0 + e1) - w.targets()[row * c + k]) / w.length();
                    for (int j = 0; j < in; j++) {
                        int i = k * in + j;
                        velocity[i] = 0.9 * velocity[i] + d * out.input()[row * in + j];
                    }
                    int b = out.weights().length + k;
                    velocity[b] = 0.9 * velocity[b] + d;
                }
            }
            for (int k = 0; k < c; k++) {
                for (int j = 0; j < in; j++) {
                    out.weights()[k * in + j] -= lr * velocity[k * in + j];
                }
                out.bias()[k] -= lr * velocity[out.weights().length + k] + 0.01 * signal[k];
            }
            if (w.epoch() == nanAtEpoch) {
                out.weights()[0] = Double.NaN;
            }
            steps++;
            ctx.report("speed", Math.abs(velocity[0]));
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeLong(steps);
            for (double v : velocity) {
                out.writeDouble(v);
            }
            out.writeInt(42);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            steps = in.readLong();
            for (int i = 0; i < velocity.length; i++) {
                velocity[i] = in.readDouble();
            }
            rule.readTail(in);
        }
    }

    /** An exponential average of the exact signal plus uniform noise from its own generator. */
    static final class NoisyAverage implements WorkingMemory {
        @Override
        public Memory create(MemoryTask task, Parameters p, TrialContext ctx) {
            return new AverageMemory(task, ctx.random("memory"));
        }

        @Override
        public String description() {
            return "noisy average (test)";
        }

        @Override
        public List<ParameterDescriptor> parameters() {
            return List.of();
        }
    }

    static final class AverageMemory implements Memory, Checkpointable {
        private final MemoryTask task;
        private final double[][] average;
        private final double[][] exact;
        private SplittableRandom noise;

        AverageMemory(MemoryTask task, SplittableRandom noise) {
            this.task = task;
            this.noise = noise;
            this.average = new double[task.layers()][];
            this.exact = new double[task.layers()][];
            for (int l = 0; l < task.layers(); l++) {
                average[l] = new double[task.signalSize(l)];
                exact[l] = new double[task.signalSize(l)];
            }
        }

        @Override
        public void signal(int layer, Window window, double[] activity, double[] out) {
            task.exactSignal(layer, window, activity, exact[layer]);
            for (int k = 0; k < out.length; k++) {
                average[layer][k] += 0.2 * (exact[layer][k] - average[layer][k]) + 0.01 * (noise.nextDouble() - 0.5);
                out[k] = average[layer][k];
            }
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            long seed = noise.nextLong();
            out.writeLong(seed);
            noise = new SplittableRandom(seed);
            for (double[] a : average) {
                for (double v : a) {
                    out.writeDouble(v);
                }
            }
        }

        @Override
        public void readState(DataInput in) throws IOException {
            noise = new SplittableRandom(in.readLong());
            for (double[] a : average) {
                for (int k = 0; k < a.length; k++) {
                    a[k] = in.readDouble();
                }
            }
        }
    }

    /** {@code z = h + ν}, ν uniform from the layer's generator at every forward step, evaluation included. */
    static final class NoisyIdentity implements NeuronModel {
        @Override
        public NeuronLayer create(int size, Parameters p, SplittableRandom random) {
            return new NoisyLayer(size, random);
        }

        @Override
        public String description() {
            return "noisy identity (test)";
        }

        @Override
        public List<ParameterDescriptor> parameters() {
            return List.of();
        }
    }

    static final class NoisyLayer implements NeuronLayer, Checkpointable {
        private final int size;
        private SplittableRandom random;

        NoisyLayer(int size, SplittableRandom random) {
            this.size = size;
            this.random = random;
        }

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
            for (int i = 0; i < rows * size; i++) {
                o[i] = d[i] + 0.05 * (random.nextDouble() - 0.5);
            }
        }

        public void vjp(int row, double[] g, int go, double[] gd, int gdo) {
            System.arraycopy(g, go, gd, gdo, size);
        }

        public void reset() {
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            long seed = random.nextLong();
            out.writeLong(seed);
            random = new SplittableRandom(seed);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            random = new SplittableRandom(in.readLong());
        }
    }
}

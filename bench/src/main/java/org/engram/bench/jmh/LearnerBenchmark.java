package org.engram.bench.jmh;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
import org.engram.bench.BenchContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.compute.java.JavaComputeBackend;
import org.engram.neuron.rate.LinearNeuron;
import org.engram.neuron.rate.ReluLayerNormNeuron;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.numerics.network.SlidingWindow;
import org.engram.rule.backprop.BackpropRule;
import org.engram.rule.ibhebbian.IbHebbianRule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One learning step of the paper's MNIST configuration on MNIST-like random inputs (no data loading): a
 * window push plus {@code learn} for IB-Hebbian N=8 (RECOMPUTE, STORED), a batch for backprop B=6.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LearnerBenchmark {
    @Param({"ib-RECOMPUTE", "ib-STORED", "backprop"})
    String setup;
    /** The threads of the trial's view of the Java backend (the results are the same bits on either). */
    @Param({"1", "2"})
    int threads;

    private ComputeBackend backend;
    private Learner learner;
    private SlidingWindow window;
    private double[][] stream;
    private int next;
    private int pushes;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(4);
        ReluLayerNormNeuron relu = new ReluLayerNormNeuron();
        Parameters defaults = Parameters.defaults(relu.parameters());
        NeuronLayer[] neurons = {relu.create(128, defaults, random), relu.create(64, defaults, random),
            new LinearNeuron().create(10, Parameters.defaults(List.of()), random)};
        JavaComputeBackend java = new JavaComputeBackend();
        backend = java.forTrial(Parameters.resolve("backend 'java'", java.parameters(), Map.of("threads", 0)), threads);
        FeedForwardNetwork network = new FeedForwardNetwork(784, neurons, backend, random);
        boolean ib = setup.startsWith("ib");
        LearningRule rule = ib ? new IbHebbianRule() : new BackpropRule();
        Map<String, Object> given = ib ? Map.of("pastActivity", setup.substring(3)) : Map.of();
        learner = rule.create(network, Parameters.resolve("bench", rule.parameters(), given), BenchContext.of(1, backend));
        window = new SlidingWindow(learner.windowLength(), 784, 10);
        pushes = learner.stride();
        stream = new double[256][];
        for (int i = 0; i < stream.length; i++) {
            // background at −1 as MNIST's symmetric normalisation gives, a fifth of the pixels lit
            stream[i] = random.doubles(784).map(u -> u < 0.8 ? -1.0 : 2 * u - 1).toArray();
        }
        for (int i = 0; i < learner.windowLength(); i++) {
            push();
        }
    }

    @TearDown
    public void tearDown() {
        backend.close();
    }

    private void push() {
        window.push(stream[next], next % 10, 1);
        next = (next + 1) & 255;
    }

    @Benchmark
    public SlidingWindow step() {
        for (int i = 0; i < pushes; i++) {
            push();
        }
        learner.learn(window);
        return window;
    }
}

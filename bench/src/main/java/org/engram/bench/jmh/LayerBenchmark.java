package org.engram.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.param.Parameters;
import org.engram.compute.java.JavaComputeBackend;
import org.engram.neuron.rate.LinearNeuron;
import org.engram.neuron.rate.ReluLayerNormNeuron;
import org.engram.numerics.network.FeedForwardNetwork;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The paper's 784-128-64-10 ReLU+LayerNorm network on the pure-Java backend: the forward of one row (STORED)
 * and of a window of eight (RECOMPUTE), and the VJP of the 128-unit ReLU+LayerNorm layer for one row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LayerBenchmark {
    @Param({"1", "8"})
    int rows;

    private FeedForwardNetwork network;
    private double[] input;
    private double[] cotangent;
    private double[] gradDrive;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(3);
        ReluLayerNormNeuron relu = new ReluLayerNormNeuron();
        Parameters defaults = Parameters.defaults(relu.parameters());
        NeuronLayer[] neurons = {relu.create(128, defaults, random), relu.create(64, defaults, random),
            new LinearNeuron().create(10, Parameters.defaults(java.util.List.of()), random)};
        network = new FeedForwardNetwork(784, neurons, new JavaComputeBackend(), random);
        input = random.doubles(rows * 784L, -1, 1).toArray();
        cotangent = random.doubles(128, -1, 1).toArray();
        gradDrive = new double[128];
        network.forward(input, rows);
    }

    @Benchmark
    public double[] forward() {
        network.forward(input, rows);
        return network.output();
    }

    /** VJP of the first hidden layer's ReLU+LayerNorm at the last row. */
    @Benchmark
    public double[] reluLayerNormVjp() {
        network.layer(0).neurons().vjp(rows - 1, cotangent, 0, gradDrive, 0);
        return gradDrive;
    }
}

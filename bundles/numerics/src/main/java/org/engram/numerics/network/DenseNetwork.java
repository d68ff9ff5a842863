package org.engram.numerics.network;

import java.util.SplittableRandom;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.neuron.NeuronLayer;

/**
 * A feed-forward stack of dense layers, {@code z_l = neurons_l(W_l z_{l-1} + b_l)}. Buffers grow to the
 * largest row count seen and are then reused, so forward steps allocate nothing.
 */
public final class DenseNetwork implements Network {

    private final int inputSize;
    private final DenseLayer[] layers;
    private final ComputeBackend backend;
    private final int stepsPerSample;
    private int rows;

    /**
     * @param inputSize width of the input
     * @param neurons   one neuron layer per dense layer, hidden first, output last
     * @param backend   does the batched products
     * @param random    initialises the weights (LeCun-normal, biases zero)
     */
    public DenseNetwork(int inputSize, NeuronLayer[] neurons, ComputeBackend backend, SplittableRandom random) {
        if (neurons.length == 0) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        this.inputSize = inputSize;
        this.backend = backend;
        this.layers = new DenseLayer[neurons.length];
        int in = inputSize;
        int steps = 1;
        for (int l = 0; l < neurons.length; l++) {
            layers[l] = new DenseLayer(in, neurons[l], l == neurons.length - 1);
            Initializers.lecunNormal(layers[l].weights, in, random);
            in = neurons[l].size();
            steps = Math.max(steps, neurons[l].stepsPerSample());
        }
        this.stepsPerSample = steps;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int layerCount() {
        return layers.length;
    }

    @Override
    public DenseLayer layer(int index) {
        return layers[index];
    }

    @Override
    public int stepsPerSample() {
        return stepsPerSample;
    }

    @Override
    public void forward(double[] input, int rows) {
        this.rows = rows;
        double[] in = input;
        for (DenseLayer layer : layers) {
            layer.forward(in, rows, backend);
            in = layer.activity;
        }
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public double[] output() {
        return layers[layers.length - 1].activity;
    }

    @Override
    public int outputSize() {
        return layers[layers.length - 1].size();
    }

    @Override
    public void resetState() {
        for (DenseLayer layer : layers) {
            layer.neurons.reset();
        }
    }

    /** Total number of trainable parameters (weights and biases). */
    public long parameterCount() {
        long n = 0;
        for (DenseLayer l : layers) {
            n += l.weights.length + l.bias.length;
        }
        return n;
    }

    /** One layer; its arrays are live and sized for the largest row count seen so far. */
    public static final class DenseLayer implements Layer {
        private final int inputSize;
        private final int size;
        private final boolean output;
        private final NeuronLayer neurons;
        final double[] weights;
        final double[] bias;
        private double[] input = new double[0];
        private double[] drive = new double[0];
        double[] activity = new double[0];

        DenseLayer(int inputSize, NeuronLayer neurons, boolean output) {
            this.inputSize = inputSize;
            this.size = neurons.size();
            this.neurons = neurons;
            this.output = output;
            this.weights = new double[size * inputSize];
            this.bias = new double[size];
        }

        void forward(double[] in, int rows, ComputeBackend backend) {
            if (drive.length < rows * size) {
                drive = new double[rows * size];
                activity = new double[rows * size];
            }
            input = in;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bias, 0, drive, r * size, size);
            }
            // drive[rows, size] = in[rows, inputSize] · Wᵀ + bias
            backend.gemm(false, true, rows, size, inputSize, 1.0, in, 0, weights, 0, 1.0, drive, 0);
            neurons.forward(drive, activity, rows);
        }

        @Override
        public int inputSize() {
            return inputSize;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public boolean isOutput() {
            return output;
        }

        @Override
        public double[] weights() {
            return weights;
        }

        @Override
        public double[] bias() {
            return bias;
        }

        @Override
        public NeuronLayer neurons() {
            return neurons;
        }

        @Override
        public double[] input() {
            return input;
        }

        @Override
        public double[] drive() {
            return drive;
        }

        @Override
        public double[] activity() {
            return activity;
        }
    }
}

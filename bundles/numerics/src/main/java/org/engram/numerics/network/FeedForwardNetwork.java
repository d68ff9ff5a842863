package org.engram.numerics.network;

import java.util.SplittableRandom;
import org.engram.api.Shape;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.connectivity.Connection;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.neuron.NeuronLayer;
import org.engram.numerics.connectivity.DenseConnection;

/**
 * A feed-forward stack of layers, {@code z_l = neurons_l(A_l(z_{l-1}) + b_l)}, each drive computed by the layer's
 * {@link Connection} (dense, convolution, pooling, a plugin's). Buffers grow to the largest row count seen and are
 * then reused, so forward steps allocate nothing.
 */
public final class FeedForwardNetwork implements Network {

    private final int inputSize;
    private final NetworkLayer[] layers;
    private final ComputeBackend backend;
    private final int stepsPerSample;
    private int rows;

    /**
     * A stack of dense layers.
     *
     * @param inputSize width of the input
     * @param neurons   one neuron layer per dense layer, hidden first, output last
     * @param backend   does the batched products
     * @param random    initialises the weights (LeCun-normal, biases zero)
     */
    public FeedForwardNetwork(int inputSize, NeuronLayer[] neurons, ComputeBackend backend, SplittableRandom random) {
        this(dense(inputSize, neurons), neurons, backend, random);
    }

    /**
     * @param connections one per layer, each taking the shape the one before produces
     * @param neurons     one per layer, as many units as its connection's output shape
     * @param random      initialises every connection's weights in layer order (LeCun-normal over its fan-in, biases zero)
     */
    public FeedForwardNetwork(Connection[] connections, NeuronLayer[] neurons, ComputeBackend backend, SplittableRandom random) {
        if (neurons.length == 0) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        if (connections.length != neurons.length) {
            throw new IllegalArgumentException(connections.length + " connections for " + neurons.length + " neuron layers");
        }
        this.inputSize = connections[0].inputShape().size();
        this.backend = backend;
        this.layers = new NetworkLayer[neurons.length];
        int steps = 1;
        for (int l = 0; l < neurons.length; l++) {
            Connection c = connections[l];
            if (l > 0 && !c.inputShape().equals(connections[l - 1].outputShape())) {
                throw new IllegalArgumentException("layer " + l + " takes input " + c.inputShape() + " but layer " + (l - 1)
                        + " produces " + connections[l - 1].outputShape());
            }
            if (neurons[l].size() != c.outputShape().size()) {
                throw new IllegalArgumentException("layer " + l + " has " + neurons[l].size() + " units but its connection drives "
                        + c.outputShape() + " = " + c.outputShape().size());
            }
            layers[l] = new NetworkLayer(c, neurons[l], l == neurons.length - 1);
            if (c.weights().length > 0) {
                Initializers.lecunNormal(c.weights(), c.fanIn(), random);
            }
            steps = Math.max(steps, neurons[l].stepsPerSample());
        }
        this.stepsPerSample = steps;
    }

    private static Connection[] dense(int inputSize, NeuronLayer[] neurons) {
        Connection[] out = new Connection[neurons.length];
        Shape in = Shape.flat(inputSize);
        for (int l = 0; l < neurons.length; l++) {
            out[l] = new DenseConnection(in, neurons[l].size());
            in = out[l].outputShape();
        }
        return out;
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
    public NetworkLayer layer(int index) {
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
        for (NetworkLayer layer : layers) {
            layer.forward(in, rows, backend);
            in = layer.activity;
        }
    }

    /**
     * Layer 0's drive is a function of the input and its weights only, which the caller promises unchanged: it is
     * kept from the previous forward, and only its neurons step. A different array or row count takes the full
     * {@link #forward}.
     */
    @Override
    public void forwardHeld(double[] input, int rows) {
        NetworkLayer first = layers[0];
        if (rows != this.rows || input != first.input) {
            forward(input, rows);
            return;
        }
        first.stepNeurons(rows);
        double[] in = first.activity;
        for (int l = 1; l < layers.length; l++) {
            layers[l].forward(in, rows, backend);
            in = layers[l].activity;
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
        for (NetworkLayer layer : layers) {
            layer.neurons.reset();
        }
    }

    /** Total number of trainable parameters (weights and biases). */
    public long parameterCount() {
        long n = 0;
        for (NetworkLayer l : layers) {
            n += l.weights().length + l.bias().length;
        }
        return n;
    }

    /** One layer; its arrays are live and sized for the largest row count seen so far. */
    public static final class NetworkLayer implements Layer {
        private final Connection connection;
        private final int inputSize;
        private final int size;
        private final boolean output;
        private final NeuronLayer neurons;
        private double[] input = new double[0];
        private double[] drive = new double[0];
        double[] activity = new double[0];

        NetworkLayer(Connection connection, NeuronLayer neurons, boolean output) {
            this.connection = connection;
            this.inputSize = connection.inputShape().size();
            this.size = neurons.size();
            this.neurons = neurons;
            this.output = output;
        }

        void forward(double[] in, int rows, ComputeBackend backend) {
            if (drive.length < rows * size) {
                drive = new double[rows * size];
                activity = new double[rows * size];
            }
            input = in;
            connection.forward(backend, in, 0, rows, drive);
            neurons.forward(drive, activity, rows);
        }

        /** Another step of the neurons on the drive of the last forward. */
        void stepNeurons(int rows) {
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
            return connection.weights();
        }

        @Override
        public double[] bias() {
            return connection.bias();
        }

        @Override
        public Connection connection() {
            return connection;
        }

        @Override
        public Shape shape() {
            return connection.outputShape();
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

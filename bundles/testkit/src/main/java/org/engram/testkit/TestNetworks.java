package org.engram.testkit;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.engram.api.Shape;
import org.engram.api.TrialContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.connectivity.Connection;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.neuron.NeuronLayer;
import org.engram.numerics.connectivity.Conv2dConnection;
import org.engram.numerics.connectivity.DenseConnection;
import org.engram.numerics.connectivity.PoolConnection;
import org.engram.numerics.network.FeedForwardNetwork;

/**
 * Small networks for tests, built by the same class the engine builds trials with
 * ({@code org.engram.numerics.network.FeedForwardNetwork}: LeCun-normal weights, zero biases), so a learner
 * sees in a test exactly the {@link Network} it sees in a trial.
 */
public final class TestNetworks {

    /** Units of the hidden layer of {@link #small}. */
    public static final int SMALL_HIDDEN = 8;

    private TestNetworks() {
    }

    /**
     * {@code inputSize -> 8 tanh units -> classes linear units} on the {@link ReferenceBackend}.
     *
     * @param seed initialises the weights
     */
    public static Network small(int inputSize, int classes, long seed) {
        return dense(inputSize, new NeuronLayer[] {tanh(SMALL_HIDDEN), linear(classes)}, new ReferenceBackend(), seed);
    }

    /**
     * A network of the given neuron layers, hidden first, output last; e.g. a neuron model's own layers
     * created by its plugin.
     */
    public static Network dense(int inputSize, NeuronLayer[] layers, ComputeBackend backend, long seed) {
        return new FeedForwardNetwork(inputSize, layers.clone(), backend, new SplittableRandom(seed));
    }

    /**
     * {@code sizes[0] inputs -> tanh layers of sizes[1 .. n−2] -> sizes[n−1] linear units} on the context's backend,
     * weights from the context's {@code "network"} random stream as a trial draws them: a rule's gradient or update
     * test on a network of any depth, e.g. {@code perceptron(context, 4, 5, 3, 2)}.
     *
     * @param sizes the input width, then each layer's units; at least two
     */
    public static Network perceptron(TrialContext context, int... sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a perceptron needs an input width and at least one layer");
        }
        NeuronLayer[] neurons = new NeuronLayer[sizes.length - 1];
        for (int l = 1; l < sizes.length; l++) {
            neurons[l - 1] = l == sizes.length - 1 ? linear(sizes[l]) : tanh(sizes[l]);
        }
        return new FeedForwardNetwork(sizes[0], neurons, context.backend(), context.random("network"));
    }

    /**
     * SHA-256, in hex, of the raw bits of every layer's weights then biases, layer by layer, then of {@code more}
     * (e.g. metric means): a checksum test pins it, so that any change in the order of a rule's floating-point
     * operations shows, however small its effect on accuracy.
     */
    public static String sha256(Network network, double... more) {
        int count = more.length;
        for (int l = 0; l < network.layerCount(); l++) {
            count += network.layer(l).weights().length + network.layer(l).bias().length;
        }
        ByteBuffer bits = ByteBuffer.allocate(8 * count);
        for (int l = 0; l < network.layerCount(); l++) {
            Layer layer = network.layer(l);
            for (double w : layer.weights()) {
                bits.putDouble(w);
            }
            for (double b : layer.bias()) {
                bits.putDouble(b);
            }
        }
        for (double v : more) {
            bits.putDouble(v);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bits.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java platform has SHA-256", e);
        }
    }

    /** Side of the one-channel image {@link #convolutional} takes: {@code IMAGE_SIDE²} inputs. */
    public static final int IMAGE_SIDE = 4;

    /**
     * {@code 1×4×4 image -> conv2d 3×3 (3 channels, padding 1) tanh -> 2×2 average pool -> classes linear units}
     * on the {@link ReferenceBackend}: a network with a convolution, a layer without weights and a dense output,
     * for checking that a rule trains whatever connectivity a layer has.
     */
    public static Network convolutional(int classes, long seed) {
        Shape image = new Shape(1, IMAGE_SIDE, IMAGE_SIDE);
        Connection conv = new Conv2dConnection(image, 3, 3, 1, 1);
        Connection pool = new PoolConnection(conv.outputShape(), 2, PoolConnection.Mode.AVERAGE);
        Connection out = new DenseConnection(pool.outputShape(), classes);
        return new FeedForwardNetwork(new Connection[] {conv, pool, out},
                new NeuronLayer[] {tanh(conv.outputShape().size()), linear(pool.outputShape().size()), linear(classes)},
                new ReferenceBackend(), new SplittableRandom(seed));
    }

    /** Rate units {@code z = tanh(h)}. */
    public static NeuronLayer tanh(int size) {
        return new RateLayer(size, true);
    }

    /** Units that pass their drive through, {@code z = h}: logits. */
    public static NeuronLayer linear(int size) {
        return new RateLayer(size, false);
    }

    /** Stateless rate units; keeps the last output to differentiate it. */
    private static final class RateLayer implements NeuronLayer {
        private final int size;
        private final boolean tanh;
        private double[] lastOut = new double[0];

        RateLayer(int size, boolean tanh) {
            if (size < 1) {
                throw new IllegalArgumentException("a layer needs at least one unit, got " + size);
            }
            this.size = size;
            this.tanh = tanh;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int stepsPerSample() {
            return 1;
        }

        @Override
        public int readoutSteps() {
            return 1;
        }

        @Override
        public void forward(double[] drive, double[] out, int rows) {
            int n = rows * size;
            if (lastOut.length < n) {
                lastOut = new double[n];
            }
            for (int i = 0; i < n; i++) {
                out[i] = tanh ? Math.tanh(drive[i]) : drive[i];
                lastOut[i] = out[i];
            }
        }

        @Override
        public void vjp(int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset) {
            for (int j = 0; j < size; j++) {
                double z = lastOut[row * size + j];
                double slope = tanh ? 1 - z * z : 1;
                gradDrive[gradDriveOffset + j] = slope * gradOut[gradOutOffset + j];
            }
        }

        @Override
        public void reset() {
            // stateless
        }
    }
}

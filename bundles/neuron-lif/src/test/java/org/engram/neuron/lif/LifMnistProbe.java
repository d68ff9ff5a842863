package org.engram.neuron.lif;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.param.Parameters;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.testkit.ReferenceBackend;

/**
 * Measures what an untrained 784-128-64 LIF stack does on real MNIST images: per hidden layer the drive's size,
 * spikes per unit per sample, the fraction of silent and of saturated units, how much a unit's spike count varies
 * from image to image, and the surrogate {@code ∂z/∂h} (the factor δ = (∂z/∂h) ξ gets). Not a test: run by hand,
 *
 * <pre>
 * java -cp bundles/neuron-lif/target/test-classes:bundles/neuron-lif/target/classes:$(cat /tmp/cp.txt) \
 *     org.engram.neuron.lif.LifMnistProbe data/mnist 1000 [key=value ...]
 * </pre>
 *
 * where {@code key=value} overrides LIF parameters (e.g. {@code resistance=5}). Images are scaled to [−1, 1] as the
 * mnist dataset does; weights are LeCun-normal as the engine initialises them.
 */
public final class LifMnistProbe {

    private static final int PIXELS = 784;
    private static final int[] HIDDEN = {128, 64};

    private LifMnistProbe() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "data/mnist");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Map<String, Object> given = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            given.put(kv[0], kv[1]);
        }
        LifNeuron model = new LifNeuron();
        Parameters parameters = Parameters.resolve("probe", model.parameters(), given);
        double[] images = readImages(folder.resolve("train-images-idx3-ubyte"), count);
        System.out.println("LIF " + parameters.asMap());
        probe(model, parameters, images, count);
    }

    static void probe(LifNeuron model, Parameters parameters, double[] images, int count) {
        NeuronLayer[] layers = new NeuronLayer[HIDDEN.length];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = model.create(HIDDEN[l], parameters, new SplittableRandom(l));
        }
        FeedForwardNetwork network = new FeedForwardNetwork(PIXELS, layers, new ReferenceBackend(), new SplittableRandom(42));
        int steps = network.stepsPerSample();
        double decay = Math.exp(-parameters.getDouble("dt") / parameters.getDouble("tauS"));
        LayerTally[] tallies = new LayerTally[layers.length];
        for (int l = 0; l < layers.length; l++) {
            tallies[l] = new LayerTally(count, HIDDEN[l]);
        }
        for (int s = 0; s < count; s++) {
            double[] x = java.util.Arrays.copyOfRange(images, s * PIXELS, (s + 1) * PIXELS);
            network.resetState();
            double[][] previous = new double[layers.length][];
            for (int l = 0; l < layers.length; l++) {
                previous[l] = new double[HIDDEN[l]];
            }
            for (int t = 0; t < steps; t++) {
                network.forward(x, 1);
                for (int l = 0; l < layers.length; l++) {
                    tallies[l].step(s, network.layer(l).drive(), network.layer(l).activity(), previous[l], decay, layers[l]);
                }
            }
        }
        int maxSpikes = (int) Math.ceil(steps / (1.0 + Math.round(parameters.getDouble("refractory")
                / parameters.getDouble("dt"))));
        for (int l = 0; l < layers.length; l++) {
            System.out.println("layer " + l + " (" + HIDDEN[l] + " units): " + tallies[l].summary(maxSpikes));
        }
    }

    /** Per layer: spike counts per (sample, unit), the drive's moments, the surrogate's distribution. */
    private static final class LayerTally {
        private final int size;
        private final int[][] spikes;
        private double driveSum;
        private double driveSquares;
        private long driveCount;
        private double surrogateSum;
        private long surrogateSteps;
        private long surrogateTiny;
        private double surrogateMax;
        private final double[] ones;
        private final double[] grad;

        LayerTally(int samples, int size) {
            this.size = size;
            this.spikes = new int[samples][size];
            this.ones = new double[size];
            java.util.Arrays.fill(ones, 1.0);
            this.grad = new double[size];
        }

        void step(int sample, double[] drive, double[] trace, double[] previousTrace, double decay, NeuronLayer neurons) {
            neurons.vjp(0, ones, 0, grad, 0);
            for (int i = 0; i < size; i++) {
                driveSum += drive[i];
                driveSquares += drive[i] * drive[i];
                // the trace readout: x_t = decay x_{t-1} + S_t
                if (trace[i] - decay * previousTrace[i] > 0.5) {
                    spikes[sample][i]++;
                }
                previousTrace[i] = trace[i];
                surrogateSum += grad[i];
                surrogateMax = Math.max(surrogateMax, grad[i]);
                if (grad[i] < 1e-2) {
                    surrogateTiny++;
                }
                surrogateSteps++;
            }
            driveCount += size;
        }

        String summary(int maxSpikes) {
            int samples = spikes.length;
            long total = 0;
            long silent = 0;
            long saturated = 0;
            int deadUnits = 0;
            double spread = 0;
            for (int i = 0; i < size; i++) {
                double sum = 0;
                double squares = 0;
                for (int[] row : spikes) {
                    int c = row[i];
                    total += c;
                    silent += c == 0 ? 1 : 0;
                    saturated += c >= maxSpikes ? 1 : 0;
                    sum += c;
                    squares += (double) c * c;
                }
                deadUnits += sum == 0 ? 1 : 0;
                double mean = sum / samples;
                spread += Math.sqrt(Math.max(0, squares / samples - mean * mean));
            }
            double pairs = (double) samples * size;
            double driveMean = driveSum / driveCount;
            return String.format(Locale.ROOT,
                    "drive mean %.3f sd %.3f | spikes/unit/sample %.2f (max %d) | silent %.1f%% | saturated %.1f%% | "
                            + "never fire %d/%d | sd of a unit's count across images %.2f | surrogate mean %.4f max %.3f, "
                            + "< 0.01 on %.1f%% of unit-steps",
                    driveMean, Math.sqrt(driveSquares / driveCount - driveMean * driveMean), total / pairs, maxSpikes,
                    100 * silent / pairs, 100 * saturated / pairs, deadUnits, size, spread / size, surrogateSum / surrogateSteps,
                    surrogateMax, 100.0 * surrogateTiny / surrogateSteps);
        }
    }

    /** The first {@code count} images of an IDX3 file, scaled as the mnist dataset does: x/255 then (x − 0.5)/0.5. */
    static double[] readImages(Path file, int count) throws IOException {
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            if (in.readInt() != 0x803) {
                throw new IOException(file + " is not an IDX3 image file");
            }
            int available = in.readInt();
            if (in.readInt() * in.readInt() != PIXELS || count > available) {
                throw new IOException(file + ": expected " + count + " images of 28 x 28");
            }
            double[] out = new double[count * PIXELS];
            for (int i = 0; i < out.length; i++) {
                out[i] = in.readUnsignedByte() / 255.0 * 2 - 1;
            }
            return out;
        }
    }
}

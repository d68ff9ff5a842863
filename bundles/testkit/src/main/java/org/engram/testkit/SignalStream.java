package org.engram.testkit;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.numerics.network.SlidingWindow;
import org.engram.numerics.random.Permutations;

/**
 * The reservoir experiment's protocol (spec §3.4) on a fixed set of samples, each an input, a label and a
 * stand-in layer activity z. The samples are reshuffled every epoch and streamed one by one; the window of
 * the last N samples slides across epoch boundaries, so the memory sees every sample and the past it must
 * hold is always the window's. Memory learning is on from the first full window; after the training
 * epochs, evaluation epochs run with learning off. Each request's signal is scored against ξ*.
 * Shared by the reservoir and LSTM memories' tests and experiments.
 */
public final class SignalStream {

    /**
     * @param inputs   [count, inputSize]
     * @param labels   [count]
     * @param activity [count, size] the stand-in layer activity of each sample
     */
    public record Samples(int count, int inputSize, int classes, int size, double[] inputs, int[] labels, double[] activity) {

        private static final int MNIST_PIXELS = 784;
        private static final int MNIST_CLASSES = 10;

        /** Inputs U(−1, 1), labels uniform, activity U[0, 1) like the experiment's random z. */
        public static Samples random(int count, int inputSize, int classes, int size, SplittableRandom random) {
            double[] x = new double[count * inputSize];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextDouble(-1.0, 1.0);
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = random.nextInt(classes);
            }
            return new Samples(count, inputSize, classes, size, x, labels, randomActivity(count, size, random));
        }

        /**
         * The first {@code count} MNIST test images ({@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte},
         * each optionally gzipped, in {@code folder}) scaled to [−1, 1], with their labels and an activity of
         * {@code size} units U[0, 1) per sample from {@code random}; where the files are not there, {@link #random}
         * samples of the same shape. Says on stdout which it uses: an experiment's numbers depend on it.
         */
        public static Samples mnistTestImagesOrRandom(Path folder, int count, int size, SplittableRandom random)
                throws IOException {
            Path images = firstExisting(folder, "t10k-images-idx3-ubyte");
            Path labels = firstExisting(folder, "t10k-labels-idx1-ubyte");
            if (images == null || labels == null) {
                System.out.println("no MNIST under " + folder.toAbsolutePath() + ": using random inputs in [-1, 1]");
                return random(count, MNIST_PIXELS, MNIST_CLASSES, size, random);
            }
            System.out.println("inputs: the first " + count + " MNIST test images from " + images.toAbsolutePath());
            double[] x = new double[count * MNIST_PIXELS];
            try (DataInputStream in = open(images)) {
                in.skipNBytes(16); // IDX header: magic, count, rows, columns
                for (int i = 0; i < x.length; i++) {
                    x[i] = in.readUnsignedByte() / 255.0 * 2.0 - 1.0;
                }
            }
            int[] y = new int[count];
            try (DataInputStream in = open(labels)) {
                in.skipNBytes(8); // IDX header: magic, count
                for (int i = 0; i < count; i++) {
                    y[i] = in.readUnsignedByte();
                }
            }
            return new Samples(count, MNIST_PIXELS, MNIST_CLASSES, size, x, y, randomActivity(count, size, random));
        }

        private static Path firstExisting(Path folder, String name) {
            for (Path p : new Path[] {folder.resolve(name), folder.resolve(name + ".gz")}) {
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
            return null;
        }

        private static DataInputStream open(Path file) throws IOException {
            InputStream in = Files.newInputStream(file);
            return new DataInputStream(new BufferedInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in));
        }

        public static double[] randomActivity(int count, int size, SplittableRandom random) {
            double[] z = new double[count * size];
            for (int i = 0; i < z.length; i++) {
                z[i] = random.nextDouble();
            }
            return z;
        }
    }

    /**
     * @param trainNmse per training epoch, the NMSE of the signals returned while learning
     * @param evalNmse  the NMSE over the evaluation epochs, learning off
     * @param requests  signal requests made
     * @param seconds   wall time
     */
    public record Result(double[] trainNmse, double evalNmse, long requests, double seconds) {
    }

    /** Sums for NMSE = Σ‖o − ξ*‖² / Σ‖ξ* − mean ξ*‖²: 1 for a memory that always outputs the mean target. */
    public static final class Score {
        private final double[] targetSum;
        private double errorSum;
        private double targetSquares;
        private long count;

        public Score(int size) {
            targetSum = new double[size];
        }

        public void add(double[] output, double[] target) {
            for (int k = 0; k < targetSum.length; k++) {
                double e = output[k] - target[k];
                errorSum += e * e;
                targetSquares += target[k] * target[k];
                targetSum[k] += target[k];
            }
            count++;
        }

        public double nmse() {
            double meanSquares = 0.0;
            for (double s : targetSum) {
                meanSquares += s * s / count;
            }
            return errorSum / (targetSquares - meanSquares);
        }
    }

    /** Sees each scored request: after the memory answered, with ξ* of the window. */
    public interface Observer {
        void scored(boolean training, SlidingWindow window, double[] activity, double[] output, double[] target);
    }

    private SignalStream() {
    }

    public static Result run(Memory memory, MemoryTask task, Samples samples, int trainEpochs, int evalEpochs,
            SplittableRandom order) {
        return run(memory, task, samples, trainEpochs, evalEpochs, order, (training, window, activity, output, target) -> {
        });
    }

    public static Result run(Memory memory, MemoryTask task, Samples samples, int trainEpochs, int evalEpochs,
            SplittableRandom order, Observer observer) {
        int n = task.windowLength();
        int d = samples.size();
        SlidingWindow window = new SlidingWindow(n, samples.inputSize(), samples.classes());
        double[] activity = new double[n * d];
        double[] input = new double[samples.inputSize()];
        double[] out = new double[d];
        double[] target = new double[d];
        int[] permutation = new int[samples.count()];
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = i;
        }
        double[] trainNmse = new double[trainEpochs];
        Score eval = new Score(d);
        long requests = 0;
        long pushed = 0;
        long t0 = System.nanoTime();
        for (int epoch = 1; epoch <= trainEpochs + evalEpochs; epoch++) {
            boolean training = epoch <= trainEpochs;
            Score score = training ? new Score(d) : eval;
            Permutations.shuffle(permutation, order);
            for (int index : permutation) {
                System.arraycopy(samples.inputs(), index * input.length, input, 0, input.length);
                window.push(input, samples.labels()[index], epoch);
                System.arraycopy(activity, d, activity, 0, (n - 1) * d);
                System.arraycopy(samples.activity(), index * d, activity, (n - 1) * d, d);
                pushed++;
                boolean full = pushed >= n;
                memory.setLearning(training && full);
                memory.signal(0, window, activity, out);
                requests++;
                if (full) {
                    task.exactSignal(0, window, activity, target);
                    score.add(out, target);
                    observer.scored(training, window, activity, out, target);
                }
            }
            if (training) {
                trainNmse[epoch - 1] = score.nmse();
            }
        }
        return new Result(trainNmse, evalEpochs > 0 ? eval.nmse() : Double.NaN, requests, (System.nanoTime() - t0) * 1e-9);
    }

    /** Kept for callers of the test kit 1.0: the one shuffle is numerics' {@code Permutations.shuffle}. */
    public static void shuffle(int[] a, SplittableRandom random) {
        Permutations.shuffle(a, random);
    }

    /**
     * The SHA-256 of the raw bits of {@code requests} signals that {@code memory}, opened on
     * {@link TestMemoryTasks#frontiersExperiment TestMemoryTasks.frontiersExperiment(3, 6)}, returns for layer 0 on a
     * stream of random samples (20 inputs in (−1, 1), 4 classes, activity in [0, 1)) drawn from {@code seed}: what a
     * memory's checksum test pins, so an optimisation shows that it left every bit as it was.
     */
    public static String signalHash(Memory memory, int requests, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SlidingWindow window = new SlidingWindow(3, 20, 4);
        double[] out = new double[6];
        ByteBuffer bits = ByteBuffer.allocate(requests * out.length * Long.BYTES);
        for (int request = 0; request < requests + window.length() - 1; request++) {
            window.push(random.doubles(20, -1, 1).toArray(), random.nextInt(4), 1);
            double[] activity = random.doubles(3 * out.length, 0, 1).toArray();
            if (!window.isFull()) {
                continue;
            }
            memory.signal(0, window, activity, out);
            for (double v : out) {
                bits.putLong(Double.doubleToRawLongBits(v));
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bits.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("the JDK always has SHA-256", e);
        }
    }
}

package org.engram.rule.phsic;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_31;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.engram.api.data.SampleSet;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.param.Parameters;
import org.engram.neuron.leaky.LeakyNeuron;
import org.engram.neuron.rate.ReluLayerNormNeuron;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.Allocations;
import org.engram.testkit.FiniteDifferences;
import org.engram.testkit.TestNetworks;
import org.engram.testkit.TestSamples;
import org.engram.testkit.TestTrainer;
import org.engram.testkit.TestTrialContext;
import org.engram.testkit.TestWindow;
import org.junit.jupiter.api.Test;

class PhsicLearnerTest {

    private final PhsicRule rule = new PhsicRule();

    private PhsicLearner learner(Network net, TestTrialContext context, Map<String, ?> given) {
        Parameters p = Parameters.resolve("rule 'phsic'", rule.parameters(), given);
        return (PhsicLearner) rule.create(net, p, context);
    }

    /** The label kernel computed from the label vectors themselves, as §4.1 defines it. */
    private static double labelKernel(int a, int b, int classes, String kernel, double sigmaY) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        double d2 = 0;
        for (int c = 0; c < classes; c++) {
            double ya = c == a ? 1 : 0;
            double yb = c == b ? 1 : 0;
            d2 += (ya - yb) * (ya - yb);
            ya -= 1.0 / classes;
            yb -= 1.0 / classes;
            dot += ya * yb;
            na += ya * ya;
            nb += yb * yb;
        }
        return kernel.equals("COSINE") ? dot / Math.sqrt(na * nb) : Math.exp(-d2 / (2 * sigmaY * sigmaY));
    }

    /** Pogodin and Latham's code form: pHSIC(A, B) = ((A − A.mean()) * B).mean(). */
    private static double phsic(double[][] a, double[][] b) {
        int m = a.length;
        double mean = 0;
        for (double[] row : a) {
            for (double v : row) {
                mean += v / (m * m);
            }
        }
        double s = 0;
        for (int p = 0; p < m; p++) {
            for (int q = 0; q < m; q++) {
                s += (a[p][q] - mean) * b[p][q];
            }
        }
        return s / (m * m);
    }

    private static double[][] activityKernel(double[] z, int rows, int size, double sigmaZ) {
        double[][] k = new double[rows][rows];
        for (int p = 0; p < rows; p++) {
            for (int q = 0; q < rows; q++) {
                double d2 = 0;
                for (int i = 0; i < size; i++) {
                    double d = z[p * size + i] - z[q * size + i];
                    d2 += d * d;
                }
                k[p][q] = Math.exp(-d2 / (2 * sigmaZ * sigmaZ));
            }
        }
        return k;
    }

    private static double[][] labelKernelMatrix(int[] labels, int rows, int classes, String kernel, double sigmaY) {
        double[][] k = new double[rows][rows];
        for (int p = 0; p < rows; p++) {
            for (int q = 0; q < rows; q++) {
                k[p][q] = labelKernel(labels[p], labels[q], classes, kernel, sigmaY);
            }
        }
        return k;
    }

    /** Hidden layer l's loss pHSIC(Z,Z) − γ·pHSIC(Y,Z) after a fresh forward of the window. */
    private static double layerLoss(Network net, Window window, int l, double sigmaZ, double gamma, String kernel,
            double sigmaY) {
        int rows = window.length();
        net.forward(window.inputs(), rows);
        double[][] kz = activityKernel(net.layer(l).activity(), rows, net.layer(l).size(), sigmaZ);
        double[][] ky = labelKernelMatrix(window.labels(), rows, window.classes(), kernel, sigmaY);
        return phsic(kz, kz) - gamma * phsic(ky, kz);
    }

    /** Worst relative difference between the learner's gradient of layer l and central differences of {@code loss}. */
    private static double worstFiniteDifferenceError(Layer layer, double[] weightGrad, double[] biasGrad, DoubleSupplier loss) {
        double h = 1e-5;
        double[] weightGradient = weightGrad.clone();
        double[] biasGradient = biasGrad.clone();
        double largest = 0;
        for (double[] g : new double[][] {weightGradient, biasGradient}) {
            for (double v : g) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        // entries far below the layer's largest gradient are compared on the largest one's scale
        double floor = 1e-3 * largest;
        double weights = FiniteDifferences.worstRelativeError(weightGradient, FiniteDifferences.central(layer.weights(), h, loss), floor);
        double biases = FiniteDifferences.worstRelativeError(biasGradient, FiniteDifferences.central(layer.bias(), h, loss), floor);
        return Math.max(weights, biases);
    }

    @Test
    void batchGradientOfEachHiddenLayerMatchesFiniteDifferencesOfItsPhsicLoss() {
        for (String kernel : new String[] {"COSINE", "GAUSSIAN"}) {
            TestTrialContext context = new TestTrialContext(13, LEGACY_31);
            Network net = TestNetworks.perceptron(context, 4, 5, 4, 3);
            double sigmaZ = 0.9;
            double gamma = 2.0;
            double sigmaY = 0.8;
            PhsicLearner learner = learner(net, context, Map.of("mode", "BATCH", "batchSize", 7, "sigmaZ", sigmaZ,
                    "labelKernel", kernel, "sigmaY", sigmaY));
            Window window = TestWindow.random(7, 4, 3, new SplittableRandom(2));

            learner.computeGradients(window);

            for (int l = 0; l < 2; l++) {
                int layer = l;
                assertEquals(layerLoss(net, window, layer, sigmaZ, gamma, kernel, sigmaY), learner.layerLoss(layer), 1e-14);
                double worst = worstFiniteDifferenceError(net.layer(layer), learner.weightGradient(layer),
                        learner.biasGradient(layer), () -> layerLoss(net, window, layer, sigmaZ, gamma, kernel, sigmaY));
                assertTrue(worst <= 1e-6, kernel + " layer " + layer + ": worst relative error " + worst);
            }
        }
    }

    @Test
    void batchGradientMatchesFiniteDifferencesThroughReluLayerNormLayers() {
        TestTrialContext context = new TestTrialContext(19, LEGACY_31);
        ReluLayerNormNeuron model = new ReluLayerNormNeuron();
        Parameters defaults = Parameters.defaults(model.parameters());
        NeuronLayer[] neurons = {model.create(6, defaults, context.random("n0")), model.create(5, defaults, context.random("n1")),
            TestNetworks.linear(3)};
        FeedForwardNetwork net = new FeedForwardNetwork(4, neurons, context.backend(), context.random("network"));
        // LayerNorm activity has unit variance per row, so ‖z − z′‖² ≈ 2·width: σ_z = 2 keeps the kernel informative
        double sigmaZ = 2.0;
        PhsicLearner learner = learner(net, context, Map.of("mode", "BATCH", "batchSize", 6, "sigmaZ", sigmaZ));
        Window window = TestWindow.random(6, 4, 3, new SplittableRandom(4));

        learner.computeGradients(window);

        for (int l = 0; l < 2; l++) {
            int layer = l;
            double worst = worstFiniteDifferenceError(net.layer(layer), learner.weightGradient(layer),
                    learner.biasGradient(layer), () -> layerLoss(net, window, layer, sigmaZ, 2.0, "COSINE", 0));
            assertTrue(worst <= 1e-6, "layer " + layer + ": worst relative error " + worst);
        }
    }

    /** Layer l's activity averaged over its last {@code readout} of the presentation's steps, from rest. */
    private static double[] readoutActivity(Network net, Window window, int l, int readout) {
        int rows = window.length();
        int steps = net.stepsPerSample();
        double[] mean = new double[rows * net.layer(l).size()];
        net.resetState();
        for (int t = 0; t < steps; t++) {
            net.forward(window.inputs(), rows);
            for (int i = 0; t >= steps - readout && i < mean.length; i++) {
                mean[i] += net.layer(l).activity()[i] / readout;
            }
        }
        return mean;
    }

    @Test
    void throughTimeEachHiddenLayerGradientMatchesFiniteDifferencesOfThePhsicLossOfItsReadoutMean() {
        TestTrialContext context = new TestTrialContext(23, LEGACY_31);
        LeakyNeuron model = new LeakyNeuron();
        int readout = 3;
        Map<String, Object> timing = new HashMap<>(Map.of("steps", 6, "readoutSteps", readout, "tau", 4e-3));
        Parameters hidden = Parameters.resolve("test", model.parameters(), timing);
        timing.put("activation", "NONE");
        NeuronLayer[] neurons = {model.create(6, hidden, context.random("n0")), model.create(5, hidden, context.random("n1")),
            model.create(3, Parameters.resolve("test", model.parameters(), timing), context.random("n2"))};
        FeedForwardNetwork net = new FeedForwardNetwork(4, neurons, context.backend(), context.random("network"));
        double sigmaZ = 2.0;
        PhsicLearner learner = learner(net, context, Map.of("mode", "BATCH", "batchSize", 6, "sigmaZ", sigmaZ));
        Window window = TestWindow.random(6, 4, 3, new SplittableRandom(8));

        learner.computeGradients(window);

        for (int l = 0; l < 2; l++) {
            int layer = l;
            DoubleSupplier loss = () -> {
                double[][] kz = activityKernel(readoutActivity(net, window, layer, readout), 6, net.layer(layer).size(), sigmaZ);
                return phsic(kz, kz) - 2.0 * phsic(labelKernelMatrix(window.labels(), 6, 3, "COSINE", 0), kz);
            };
            assertEquals(loss.getAsDouble(), learner.layerLoss(layer), 1e-14, "layer " + layer + "'s loss of its readout mean");
            double worst = worstFiniteDifferenceError(net.layer(layer), learner.weightGradient(layer),
                    learner.biasGradient(layer), loss);
            assertTrue(worst <= 1e-6, "layer " + layer + ": worst relative error " + worst);
        }
    }

    @Test
    void outputLayerGradientIsTheWindowMeanCrossEntropyGradient() {
        TestTrialContext context = new TestTrialContext(17, LEGACY_31);
        Network net = TestNetworks.perceptron(context, 4, 5, 3);
        PhsicLearner learner = learner(net, context, Map.of("mode", "BATCH", "batchSize", 5));
        Window window = TestWindow.random(5, 4, 3, new SplittableRandom(3));

        double loss = learner.computeGradients(window);

        assertEquals(TestTrainer.meanCrossEntropy(net, window), loss, 1e-14);
        double worst = worstFiniteDifferenceError(net.layer(1), learner.weightGradient(1), learner.biasGradient(1),
                () -> TestTrainer.meanCrossEntropy(net, window));
        assertTrue(worst <= 1e-6, "worst relative error " + worst);
    }

    /** ΔW and Δb of §4.1's two-sample rule for a tanh layer, computed from the layer's weights by hand. */
    private static double[][] closedFormTwoSampleStep(double[] w, double[] b, double[] xPrev, double[] xCur, double eta,
            double sigmaZ, double gamma, double meanKz, double meanKy, double kz, double ky) {
        int units = b.length;
        int in = xCur.length;
        double m = (kz / (sigmaZ * sigmaZ)) * (2 * (kz - meanKz) - gamma * (ky - meanKy)) / 2;
        double[] zCur = tanhLayer(w, b, xCur);
        double[] zPrev = tanhLayer(w, b, xPrev);
        double[][] step = {new double[units * in], new double[units]};
        for (int i = 0; i < units; i++) {
            double fCur = 1 - zCur[i] * zCur[i];
            double fPrev = 1 - zPrev[i] * zPrev[i];
            for (int j = 0; j < in; j++) {
                step[0][i * in + j] = eta * m * (zCur[i] - zPrev[i]) * (fCur * xCur[j] - fPrev * xPrev[j]);
            }
            step[1][i] = eta * m * (zCur[i] - zPrev[i]) * (fCur - fPrev);
        }
        return step;
    }

    private static double[] tanhLayer(double[] w, double[] b, double[] x) {
        double[] z = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            double h = b[i];
            for (int j = 0; j < x.length; j++) {
                h += w[i * x.length + j] * x[j];
            }
            z[i] = Math.tanh(h);
        }
        return z;
    }

    private static double gaussianKernel(double[] a, double[] b, double sigma) {
        double d2 = 0;
        for (int i = 0; i < a.length; i++) {
            d2 += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.exp(-d2 / (2 * sigma * sigma));
    }

    @Test
    void twoSampleUpdateMatchesTheClosedFormWithRunningKernelMeans() {
        TestTrialContext context = new TestTrialContext(29, LEGACY_31);
        Network net = TestNetworks.perceptron(context, 3, 4, 3);
        double eta = 0.05;
        double sigmaZ = 0.8;
        double gamma = 2.0;
        double decay = 0.9;
        PhsicLearner learner = learner(net, context, Map.of("optimizer", "MOMENTUM", "momentum", 0.0, "learningRate", eta,
                "sigmaZ", sigmaZ, "meanDecay", decay));
        assertEquals(2, learner.windowLength());
        assertEquals(1, learner.stride());
        Layer hidden = net.layer(0);
        for (int i = 0; i < 4; i++) {
            hidden.bias()[i] = 0.1 * (i - 1.5);
        }
        double[][] x = {{0.9, -0.4, 0.3}, {-0.2, 0.7, 1.1}, {0.5, 0.5, -0.8}};
        int[] labels = {0, 2, 2};
        SlidingWindow window = new SlidingWindow(2, 3, 3);
        window.push(x[0], labels[0], 1);

        double meanKz = 0;
        double meanKy = 0;
        for (int t = 1; t < 3; t++) {
            window.push(x[t], labels[t], 1);
            double[] w0 = hidden.weights().clone();
            double[] b0 = hidden.bias().clone();
            double kz = gaussianKernel(tanhLayer(w0, b0, x[t]), tanhLayer(w0, b0, x[t - 1]), sigmaZ);
            double ky = labelKernel(labels[t], labels[t - 1], 3, "COSINE", 0);
            // the 2×2 kernel means (1 + k)/2, averaged with decay from the first pair on
            meanKz = t == 1 ? (1 + kz) / 2 : decay * meanKz + (1 - decay) * (1 + kz) / 2;
            meanKy = t == 1 ? (1 + ky) / 2 : decay * meanKy + (1 - decay) * (1 + ky) / 2;
            double[][] expected = closedFormTwoSampleStep(w0, b0, x[t - 1], x[t], eta, sigmaZ, gamma, meanKz, meanKy, kz, ky);

            learner.learn(window);

            for (int i = 0; i < w0.length; i++) {
                assertEquals(expected[0][i], hidden.weights()[i] - w0[i], 1e-15, "step " + t + " ΔW[" + i + "]");
            }
            for (int i = 0; i < b0.length; i++) {
                assertEquals(expected[1][i], hidden.bias()[i] - b0[i], 1e-15, "step " + t + " Δb[" + i + "]");
            }
            assertTrue(Math.abs(expected[0][0]) > 1e-6, "the hand-made case moves the weights");
        }
        assertEquals(2, context.metricCount(PhsicLearner.LAYER_LOSS_METRIC + 0));
        assertEquals(2, context.metricCount(PhsicLearner.CROSS_ENTROPY_METRIC));
    }

    @Test
    void twoSampleGradientWithoutRunningMeansIsTheExactGradientOfThePairsPhsicLoss() {
        TestTrialContext context = new TestTrialContext(31, LEGACY_31);
        Network net = TestNetworks.perceptron(context, 4, 6, 3);
        double sigmaZ = 1.2;
        PhsicLearner learner = learner(net, context, Map.of("meanDecay", 0.0, "sigmaZ", sigmaZ, "gamma", 3.0));
        SplittableRandom random = new SplittableRandom(6);
        Window window = TestWindow.random(2, 4, 3, random);
        learner.computeGradients(window);
        // a second pair: with decay 0 the running means hold nothing of the first
        window = TestWindow.random(2, 4, 3, random);
        Window pair = window;
        learner.computeGradients(pair);

        double worst = worstFiniteDifferenceError(net.layer(0), learner.weightGradient(0), learner.biasGradient(0),
                () -> layerLoss(net, pair, 0, sigmaZ, 3.0, "COSINE", 0));
        assertTrue(worst <= 1e-6, "worst relative error " + worst);
    }

    /** The biased HSIC estimate tr(K_Y H K_Z H)/(n−1)² of the hidden layer on a held-out set. */
    private static double hsicLabelsHidden(Network net, SampleSet test, double sigmaZ) {
        int n = test.size();
        double[] inputs = new double[n * test.inputSize()];
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            test.copyInput(r, inputs, r * test.inputSize());
            labels[r] = test.label(r);
        }
        net.forward(inputs, n);
        double[][] kz = activityKernel(net.layer(0).activity(), n, net.layer(0).size(), sigmaZ);
        double[][] ky = labelKernelMatrix(labels, n, 2, "COSINE", 0);
        // tr(K_Y H K_Z H) = Σ_pq (H K_Y H)_pq (K_Z)_pq, with H K H the doubly centred matrix
        double[][] c = doublyCentred(ky);
        double s = 0;
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                s += c[p][q] * kz[p][q];
            }
        }
        return s / ((n - 1.0) * (n - 1.0));
    }

    private static double[][] doublyCentred(double[][] k) {
        int n = k.length;
        double[] rowMean = new double[n];
        double all = 0;
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                rowMean[p] += k[p][q] / n;
            }
            all += rowMean[p] / n;
        }
        double[][] c = new double[n][n];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                c[p][q] = k[p][q] - rowMean[p] - rowMean[q] + all;
            }
        }
        return c;
    }

    private void raisesHsicAndAccuracyOnTwoGaussianBlobs(Map<String, Object> given, int samples) {
        TestTrialContext context = new TestTrialContext(41, LEGACY_31);
        Network net = TestNetworks.perceptron(context, 4, 8, 2);
        double sigmaZ = 1.0;
        Map<String, Object> all = new HashMap<>(given);
        all.put("sigmaZ", sigmaZ);
        all.put("learningRate", 3e-3);
        PhsicLearner learner = learner(net, context, all);
        SplittableRandom data = new SplittableRandom(12);
        SampleSet test = TestSamples.twoBlobs(400, 4, data);
        double before = hsicLabelsHidden(net, test, sigmaZ);

        SlidingWindow window = new SlidingWindow(learner.windowLength(), 4, 2);
        double[] x = new double[4];
        for (int s = 0; s < learner.windowLength() - learner.stride(); s++) {
            window.push(x, TestSamples.twoBlobSample(data, x), 1);
        }
        for (int s = 0; s < samples; s += learner.stride()) {
            for (int k = 0; k < learner.stride(); k++) {
                window.push(x, TestSamples.twoBlobSample(data, x), 1);
            }
            learner.learn(window);
        }

        double after = hsicLabelsHidden(net, test, sigmaZ);
        double acc = TestTrainer.accuracy(net, test);
        assertTrue(after > 1.5 * before, given + ": HSIC(Y, Z) of the hidden layer " + before + " before, " + after + " after");
        // The Bayes rate of these blobs is Φ(1.5) ≈ 0.93.
        assertTrue(acc > 0.85, given + ": test accuracy " + acc);
    }

    @Test
    void twoSampleRuleRaisesHsicBetweenLabelsAndHiddenActivityOnTwoBlobs() {
        raisesHsicAndAccuracyOnTwoGaussianBlobs(Map.of("mode", "TWO_SAMPLE"), 4000);
    }

    @Test
    void batchRuleRaisesHsicBetweenLabelsAndHiddenActivityOnTwoBlobs() {
        raisesHsicAndAccuracyOnTwoGaussianBlobs(Map.of("mode", "BATCH", "batchSize", 16), 8000);
    }

    @Test
    void learnAllocatesNothingOnceWarmedUpInEitherMode() {
        for (String mode : new String[] {"TWO_SAMPLE", "BATCH"}) {
            TestTrialContext context = new TestTrialContext(5, LEGACY_31);
            Network net = TestNetworks.perceptron(context, 4, 6, 5, 3);
            PhsicLearner learner = learner(net, context, Map.of("mode", mode, "batchSize", 8));
            Window window = TestWindow.random(learner.windowLength(), 4, 3, new SplittableRandom(1));
            long allocated = Allocations.allocatedBy(20_000, 1_000, () -> learner.learn(window));
            // A single allocation per step would show as at least 16 kB here.
            assertTrue(allocated < 1_000, mode + ": allocated " + allocated + " bytes in 1000 steps");
        }
    }

    @Test
    void batchModeUsesNonOverlappingMinibatchesAndDefaultsFollowTheSpec() {
        TestTrialContext context = new TestTrialContext(1, LEGACY_31);
        Network net = TestNetworks.perceptron(context, 4, 3, 2);
        PhsicLearner learner = learner(net, context, Map.of("mode", "batch", "batchSize", 32));
        assertEquals(32, learner.windowLength());
        assertEquals(32, learner.stride());
        Parameters defaults = Parameters.defaults(rule.parameters());
        assertEquals("TWO_SAMPLE", defaults.getString("mode"));
        assertEquals(2.0, defaults.getDouble("gamma"));
        assertEquals(5.0, defaults.getDouble("sigmaZ"));
        assertEquals("COSINE", defaults.getString("labelKernel"));
        assertEquals(8, defaults.getInt("batchSize"));
        assertEquals(1e-4, defaults.getDouble("learningRate"));
        assertEquals("ADAMW", defaults.getString("optimizer"));
    }
}

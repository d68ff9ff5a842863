package org.engram.rule.backprop;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_31;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
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

class BackpropLearnerTest {

    private final BackpropRule rule = new BackpropRule();

    private BackpropLearner learner(Network net, TestTrialContext context, Map<String, ?> given) {
        Parameters p = Parameters.resolve("rule 'backprop'", rule.parameters(), given);
        return (BackpropLearner) rule.create(net, p, context);
    }

    /** Hidden layers from the real relu-layernorm model, a linear output. */
    private static FeedForwardNetwork reluLayerNormNetwork(TestTrialContext context, int... sizes) {
        ReluLayerNormNeuron model = new ReluLayerNormNeuron();
        Parameters defaults = Parameters.defaults(model.parameters());
        NeuronLayer[] neurons = new NeuronLayer[sizes.length - 1];
        for (int l = 1; l < sizes.length; l++) {
            neurons[l - 1] = l == sizes.length - 1 ? TestNetworks.linear(sizes[l])
                    : model.create(sizes[l], defaults, context.random("neurons" + l));
        }
        return new FeedForwardNetwork(sizes[0], neurons, context.backend(), context.random("network"));
    }

    /**
     * A network presented for several steps: leaky LN(ReLU) cells, stateless tanh units (differentiated one step at a
     * time) and a leaky logit layer, 7 steps per sample, the last 3 read out.
     */
    private static FeedForwardNetwork multiStepNetwork(TestTrialContext context) {
        LeakyNeuron model = new LeakyNeuron();
        Map<String, Object> timing = Map.of("steps", 7, "readoutSteps", 3, "tau", 4e-3);
        Parameters hidden = Parameters.resolve("test", model.parameters(), timing);
        Map<String, Object> output = new java.util.HashMap<>(timing);
        output.put("activation", "NONE");
        NeuronLayer[] neurons = {model.create(6, hidden, context.random("n0")), TestNetworks.tanh(5),
                model.create(3, Parameters.resolve("test", model.parameters(), output), context.random("n2"))};
        return new FeedForwardNetwork(4, neurons, context.backend(), context.random("network"));
    }

    /**
     * Mean cross-entropy of the logits averaged over the readout steps of a presentation from rest, as evaluation
     * classifies them, computed here from the network's forwards alone.
     */
    private static double readoutCrossEntropy(Network net, Window window) {
        int rows = window.length();
        int classes = net.outputSize();
        int steps = net.stepsPerSample();
        int readout = net.layer(net.layerCount() - 1).neurons().readoutSteps();
        double[] mean = new double[rows * classes];
        net.resetState();
        for (int t = 0; t < steps; t++) {
            net.forward(window.inputs(), rows);
            for (int i = 0; t >= steps - readout && i < mean.length; i++) {
                mean[i] += net.output()[i] / readout;
            }
        }
        return TestTrainer.crossEntropy(mean, window.labels(), rows, classes);
    }

    @Test
    void gradientsThroughTimeMatchCentralFiniteDifferencesOfTheReadoutCrossEntropy() {
        TestTrialContext context = new TestTrialContext(13, LEGACY_31);
        Network net = multiStepNetwork(context);
        BackpropLearner learner = learner(net, context, Map.of());
        Window window = TestWindow.random(6, 4, net.outputSize(), new SplittableRandom(6));
        double loss = learner.computeGradients(window);
        assertEquals(readoutCrossEntropy(net, window), loss, 1e-12, "the loss is that of the readout's mean logits");
        assertGradientsMatchFiniteDifferences(net, learner, () -> readoutCrossEntropy(net, window));
    }

    @Test
    void gradientsMatchCentralFiniteDifferencesOfTheBatchCrossEntropy() {
        TestTrialContext context = new TestTrialContext(11, LEGACY_31);
        Network net = TestNetworks.perceptron(context, 4, 5, 3, 2);
        assertGradientsMatchFiniteDifferences(net, context);
    }

    @Test
    void gradientsMatchFiniteDifferencesThroughReluLayerNormLayers() {
        TestTrialContext context = new TestTrialContext(12, LEGACY_31);
        Network net = reluLayerNormNetwork(context, 4, 6, 5, 3);
        assertGradientsMatchFiniteDifferences(net, context);
    }

    private void assertGradientsMatchFiniteDifferences(Network net, TestTrialContext context) {
        BackpropLearner learner = learner(net, context, Map.of());
        Window window = TestWindow.random(6, 4, net.outputSize(), new SplittableRandom(5));
        learner.computeGradients(window);
        assertGradientsMatchFiniteDifferences(net, learner, () -> TestTrainer.meanCrossEntropy(net, window));
    }

    /** Every weight and bias gradient of the learner's last {@code computeGradients} against central differences of {@code loss}. */
    private static void assertGradientsMatchFiniteDifferences(Network net, BackpropLearner learner,
            java.util.function.DoubleSupplier loss) {
        double h = 1e-5;
        double worst = 0;
        for (int l = 0; l < net.layerCount(); l++) {
            Layer layer = net.layer(l);
            double[] weightGradient = learner.weightGradient(l).clone();
            double[] biasGradient = learner.biasGradient(l).clone();
            worst = Math.max(worst, FiniteDifferences.worstRelativeError(weightGradient,
                    FiniteDifferences.central(layer.weights(), h, loss), 1e-4));
            worst = Math.max(worst, FiniteDifferences.worstRelativeError(biasGradient,
                    FiniteDifferences.central(layer.bias(), h, loss), 1e-4));
        }
        assertTrue(worst <= 1e-6, "worst relative error " + worst);
    }

    @Test
    void learnStepsEachParameterByTheOptimizerWithoutMomentum() {
        TestTrialContext context = new TestTrialContext(3, LEGACY_31);
        Network net = TestNetworks.perceptron(context, 4, 5, 2);
        BackpropLearner learner = learner(net, context,
                Map.of("optimizer", "MOMENTUM", "momentum", 0.0, "learningRate", 0.1));
        Window window = TestWindow.random(6, 4, 2, new SplittableRandom(8));
        learner.computeGradients(window);
        double[] w0 = net.layer(0).weights().clone();
        double[] g0 = learner.weightGradient(0).clone();
        double[] b1 = net.layer(1).bias().clone();
        double[] gb1 = learner.biasGradient(1).clone();

        learner.learn(window);

        for (int i = 0; i < w0.length; i++) {
            assertEquals(w0[i] - 0.1 * g0[i], net.layer(0).weights()[i], 1e-15);
        }
        for (int i = 0; i < b1.length; i++) {
            assertEquals(b1[i] - 0.1 * gb1[i], net.layer(1).bias()[i], 1e-15);
        }
        assertEquals(1, context.metricCount(BackpropLearner.LOSS_METRIC));
    }

    @Test
    void heldOutLossDecreasesOnTwoGaussianBlobs() {
        TestTrialContext context = new TestTrialContext(21, LEGACY_31);
        Network net = TestNetworks.perceptron(context, 4, 8, 2);
        BackpropLearner learner = learner(net, context, Map.of());
        SplittableRandom data = new SplittableRandom(4);
        double[] x = new double[4];
        SlidingWindow heldOut = new SlidingWindow(500, 4, 2);
        for (int r = 0; r < heldOut.length(); r++) {
            heldOut.push(x, TestSamples.twoBlobSample(data, x), 1);
        }
        double before = TestTrainer.meanCrossEntropy(net, heldOut);
        SlidingWindow window = new SlidingWindow(learner.windowLength(), 4, 2);
        for (int b = 0; b < 1000; b++) {
            for (int s = 0; s < learner.stride(); s++) {
                window.push(x, TestSamples.twoBlobSample(data, x), 1);
            }
            learner.learn(window);
        }
        double after = TestTrainer.meanCrossEntropy(net, heldOut);
        assertTrue(after < 0.6 * before, "held-out cross-entropy " + before + " before, " + after + " after");
    }

    @Test
    void reachesAccuracyWellAboveChanceOnTwoGaussianBlobs() {
        TestTrialContext context = new TestTrialContext(22, LEGACY_31);
        Network net = TestNetworks.perceptron(context, 4, 8, 2);
        BackpropLearner learner = learner(net, context, Map.of("learningRate", 1e-2));
        SplittableRandom data = new SplittableRandom(9);
        SlidingWindow window = new SlidingWindow(learner.windowLength(), 4, 2);
        double[] x = new double[4];
        for (int b = 0; b < 300; b++) {
            for (int s = 0; s < learner.stride(); s++) {
                window.push(x, TestSamples.twoBlobSample(data, x), 1);
            }
            learner.learn(window);
        }
        SampleSet test = TestSamples.twoBlobs(1000, 4, data);
        // The Bayes rate of these blobs is Φ(1.5) ≈ 0.93.
        double acc = TestTrainer.accuracy(net, test);
        assertTrue(acc > 0.88, "test accuracy " + acc);
    }

    @Test
    void learnAllocatesNothingOnceWarmedUp() {
        TestTrialContext context = new TestTrialContext(5, LEGACY_31);
        Network net = TestNetworks.perceptron(context, 4, 6, 5, 3);
        BackpropLearner learner = learner(net, context, Map.of());
        Window window = TestWindow.random(learner.windowLength(), 4, 3, new SplittableRandom(1));
        long allocated = Allocations.allocatedBy(20_000, 1_000, () -> learner.learn(window));
        // A single allocation per step would show as at least 16 kB here.
        assertTrue(allocated < 1_000, "allocated " + allocated + " bytes in 1000 steps");
    }

    @Test
    void defaultsAreThePapersMinibatchAndLearningRate() {
        TestTrialContext context = new TestTrialContext(1, LEGACY_31);
        Network net = TestNetworks.perceptron(context, 4, 3, 2);
        Parameters defaults = Parameters.defaults(rule.parameters());
        BackpropLearner learner = (BackpropLearner) rule.create(net, defaults, context);
        assertEquals(6, learner.windowLength());
        assertEquals(6, learner.stride());
        assertEquals(1e-3, defaults.getDouble("learningRate"));
        assertEquals("ADAMW", defaults.getString("optimizer"));
    }
}

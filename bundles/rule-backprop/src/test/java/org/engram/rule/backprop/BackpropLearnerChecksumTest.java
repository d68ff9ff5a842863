package org.engram.rule.backprop;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_31;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.compute.java.JavaComputeBackend;
import org.engram.neuron.rate.ReluLayerNormNeuron;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.TestNetworks;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the exact bits of the weights, biases and mean loss after 300 minibatch steps, so that a speed-up
 * which reorders any floating-point operation (optimizer, gradient, forward) fails here. Computed with
 * the straightforward loops before the optimizer was tuned.
 */
class BackpropLearnerChecksumTest {
    private static final int INPUT = 64;
    private static final int CLASSES = 10;
    private static final int STEPS = 300;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ADAMW,    71587720eff95a62f6af543760c60488ba9101a5d8ceb871194e2a38134b81b4",
        "MOMENTUM, b290ec0d8ffc55b2cef64b91591d14b01151733b12c2f9487cab50a9390d4e81",
    })
    void weightsAfterThreeHundredStepsAreBitIdenticalToThePinnedRun(String optimizer, String pinned) {
        assertEquals(pinned, checksum(optimizer));
    }

    /**
     * A first layer the Java backend splits over two threads (6 × 256 × 512 forward and weight-gradient products,
     * AdamW over 131 072 weights): the same bits as on one thread. (The pins above are the reference backend's; the
     * Java backend groups the weight gradient's sums otherwise, so its own bits are pinned by bench's EpochBench.)
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ADAMW", "MOMENTUM"})
    void splitLayersGiveTheOneThreadBits(String optimizer) {
        ComputeBackend view = twoThreads();
        try {
            assertEquals(checksum(optimizer, new JavaComputeBackend(), 512, 256), checksum(optimizer, view, 512, 256));
        } finally {
            view.close();
        }
    }

    private static ComputeBackend twoThreads() {
        JavaComputeBackend java = new JavaComputeBackend();
        ComputeBackend view = java.forTrial(Parameters.resolve("backend 'java'", java.parameters(), Map.of("threads", 0)), 2);
        assertEquals(2, view.threads());
        return view;
    }

    private static String checksum(String optimizer) {
        return checksum(optimizer, null, INPUT, 32);
    }

    /** @param backend null for the test kit's reference backend */
    private static String checksum(String optimizer, ComputeBackend backend, int input, int first) {
        TestTrialContext context = new TestTrialContext(81, LEGACY_31);
        if (backend != null) {
            context = context.withBackend(backend);
        }
        ReluLayerNormNeuron model = new ReluLayerNormNeuron();
        Parameters defaults = Parameters.defaults(model.parameters());
        NeuronLayer[] neurons = {model.create(first, defaults, context.random("n0")), model.create(16, defaults,
                context.random("n1")), TestNetworks.linear(CLASSES)};
        FeedForwardNetwork net = new FeedForwardNetwork(input, neurons, context.backend(), context.random("network"));
        BackpropRule rule = new BackpropRule();
        Learner learner = rule.create(net, Parameters.resolve("rule 'backprop'", rule.parameters(),
                Map.of("batchSize", 6, "optimizer", optimizer)), context);
        SlidingWindow window = new SlidingWindow(6, input, CLASSES);
        SplittableRandom random = new SplittableRandom(82);
        double[] image = new double[input];
        for (int step = 0; step < STEPS; step++) {
            for (int r = 0; r < 6; r++) {
                int label = random.nextInt(CLASSES);
                java.util.Arrays.fill(image, -1.0);
                SplittableRandom stroke = new SplittableRandom(1000 + label);
                for (int k = 0; k < 12; k++) {
                    image[stroke.nextInt(input)] = 1.0 - 0.6 * random.nextDouble();
                }
                window.push(image, label, 1);
            }
            learner.learn(window);
        }
        return TestNetworks.sha256(net, context.metricMean(BackpropLearner.LOSS_METRIC));
    }
}

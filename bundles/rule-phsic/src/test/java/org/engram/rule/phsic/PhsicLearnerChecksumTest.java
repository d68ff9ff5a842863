package org.engram.rule.phsic;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the exact bits of the weights, biases and mean cross-entropy after 300 two-sample steps (each sample paired
 * with its predecessor), so that a speed-up which reorders any floating-point operation (forward, kernel cotangent,
 * weight-gradient product, optimizer) fails here: on the test kit's reference backend and on the Java backend. The two
 * agree: a two-row window's weight gradient has two terms per entry, too few for the Java backend's groups of four,
 * and its forward sums each dot in order as the reference does. Pinned when the Java backend's weight-gradient kernel
 * was reworked (the pins are main's bits: EpochBench --checksum phsic gave the same hash before and after). A first
 * layer the Java backend splits over two threads gives the one-thread bits.
 */
class PhsicLearnerChecksumTest {
    private static final int INPUT = 64;
    private static final int CLASSES = 10;
    private static final int STEPS = 300;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "REFERENCE, ADAMW,    fd2e0dfb4663ae3bbcf705215e1cc7b108ef3a41f4d05f1e1d48e2e885f24cfb",
        "REFERENCE, MOMENTUM, 6a709b51dad0a359b4d37249bbc03be43bab83bec9069c8a27d92b3c81c686cc",
        "JAVA,      ADAMW,    fd2e0dfb4663ae3bbcf705215e1cc7b108ef3a41f4d05f1e1d48e2e885f24cfb",
        "JAVA,      MOMENTUM, 6a709b51dad0a359b4d37249bbc03be43bab83bec9069c8a27d92b3c81c686cc",
    })
    void weightsAfterThreeHundredStepsAreBitIdenticalToThePinnedRun(String backend, String optimizer, String pinned) {
        assertEquals(pinned, checksum(optimizer, backend.equals("JAVA") ? new JavaComputeBackend() : null, INPUT, 32));
    }

    @Test
    void splitLayersGiveTheOneThreadBits() {
        JavaComputeBackend java = new JavaComputeBackend();
        ComputeBackend view = java.forTrial(Parameters.resolve("backend 'java'", java.parameters(), Map.of("threads", 0)), 2);
        try {
            assertEquals(2, view.threads());
            assertEquals(checksum("ADAMW", new JavaComputeBackend(), 512, 256), checksum("ADAMW", view, 512, 256));
        } finally {
            view.close();
        }
    }

    /** @param backend null for the test kit's reference backend */
    private static String checksum(String optimizer, ComputeBackend backend, int input, int first) {
        TestTrialContext context = new TestTrialContext(91, LEGACY_31);
        if (backend != null) {
            context = context.withBackend(backend);
        }
        ReluLayerNormNeuron model = new ReluLayerNormNeuron();
        Parameters defaults = Parameters.defaults(model.parameters());
        NeuronLayer[] neurons = {model.create(first, defaults, context.random("n0")), model.create(16, defaults,
                context.random("n1")), TestNetworks.linear(CLASSES)};
        FeedForwardNetwork net = new FeedForwardNetwork(input, neurons, context.backend(), context.random("network"));
        PhsicRule rule = new PhsicRule();
        Learner learner = rule.create(net, Parameters.resolve("rule 'phsic'", rule.parameters(),
                Map.of("mode", "TWO_SAMPLE", "optimizer", optimizer)), context);
        SlidingWindow window = new SlidingWindow(learner.windowLength(), input, CLASSES);
        SplittableRandom random = new SplittableRandom(92);
        double[] image = new double[input];
        for (int step = 0; step < STEPS + learner.windowLength() - 1; step++) {
            int label = random.nextInt(CLASSES);
            java.util.Arrays.fill(image, -1.0);
            SplittableRandom stroke = new SplittableRandom(1000 + label);
            for (int k = 0; k < 12; k++) {
                image[stroke.nextInt(input)] = 1.0 - 0.6 * random.nextDouble();
            }
            window.push(image, label, 1);
            if (step >= learner.windowLength() - 1) {
                learner.learn(window);
            }
        }
        return TestNetworks.sha256(net, context.metricMean(PhsicLearner.CROSS_ENTROPY_METRIC));
    }
}

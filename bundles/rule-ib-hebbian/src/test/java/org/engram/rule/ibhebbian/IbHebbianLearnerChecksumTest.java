package org.engram.rule.ibhebbian;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.Parameters;
import org.engram.compute.java.JavaComputeBackend;
import org.engram.api.rule.Learner;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.TestNetworks;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the exact bits of the weights, biases and HSIC metrics after 500 learn calls, so that a speed-up
 * which changes the order of any floating-point operation fails here. The checksums were computed with
 * the straightforward loops (materialised rank-one gradient, separate optimizer pass) before the hot
 * path was optimised; an optimisation that must reorder arithmetic has to re-pin them and say why.
 */
class IbHebbianLearnerChecksumTest {
    private static final int INPUT = 64;
    private static final int CLASSES = 10;
    private static final int STEPS = 500;
    /** The stream restarts here (a new epoch), so STORED also replays a window without learning. */
    private static final int RESTART = 250;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "RECOMPUTE, FRONTIERS_RELEASED, ADAMW,    a2a2029c5fc0c050bd54b7ac49ef260e2556603e5580392e287e0bcf57e0736a",
        "STORED,    FRONTIERS_RELEASED, ADAMW,    61372991c3c054012821388eeb8859aba36a89718fc23b517f5ce236106fd432",
        "RECOMPUTE, EXACT,              ADAMW,    001646931ecedf8266bad5fffd391f9aab3e4892f4c33cf8f7227f36ed825c68",
        "STORED,    V1,                 ADAMW,    1c659cc3ea010767c191d2563c3d007523ea114b5ed21762b24a1fad32d238e6",
        "STORED,    FRONTIERS_PATCHED,  MOMENTUM, d31a52bb81abe1cbafc85d6619e4457986f1501068a341b27db8173a96026670",
    })
    void weightsAfterFiveHundredStepsAreBitIdenticalToThePinnedRun(String past, String variant, String optimizer,
            String pinned) {
        assertEquals(pinned, checksum(past, variant, optimizer));
    }

    /**
     * The pinned runs on the Java backend given two threads: the same bits. These layers are below the sizes it
     * splits, so the larger network below is where the split products and updates are checked.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "RECOMPUTE, FRONTIERS_RELEASED, ADAMW,    a2a2029c5fc0c050bd54b7ac49ef260e2556603e5580392e287e0bcf57e0736a",
        "STORED,    FRONTIERS_RELEASED, ADAMW,    61372991c3c054012821388eeb8859aba36a89718fc23b517f5ce236106fd432",
    })
    void twoThreadsOfTheJavaBackendGiveThePinnedBits(String past, String variant, String optimizer, String pinned) {
        ComputeBackend view = twoThreads();
        try {
            assertEquals(pinned, checksum(past, variant, optimizer, view, INPUT, 32));
        } finally {
            view.close();
        }
    }

    /**
     * A network whose first layer the Java backend splits over two threads (8 × 256 × 256 forward products, AdamW
     * over 65 536 weights): the same bits as on one thread.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"RECOMPUTE, FRONTIERS_RELEASED, ADAMW", "STORED, EXACT, ADAMW", "RECOMPUTE, V1, MOMENTUM"})
    void splitLayersGiveTheOneThreadBits(String past, String variant, String optimizer) {
        ComputeBackend view = twoThreads();
        try {
            assertEquals(checksum(past, variant, optimizer, new JavaComputeBackend(), 256, 256),
                    checksum(past, variant, optimizer, view, 256, 256));
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

    static String checksum(String past, String variant, String optimizer) {
        return checksum(past, variant, optimizer, null, INPUT, 32);
    }

    /**
     * SHA-256 of the raw bits of every weight and bias, then of the epoch-mean HSIC metrics.
     *
     * @param backend null for the test kit's reference backend
     */
    static String checksum(String past, String variant, String optimizer, ComputeBackend backend, int input, int first) {
        FeedForwardNetwork net = backend == null ? Fixtures.network(71, 1, input, first, 16, CLASSES)
                : Fixtures.network(backend, 71, 1, input, first, 16, CLASSES);
        TestTrialContext context = backend == null ? Fixtures.context(72) : Fixtures.context(72).withBackend(backend);
        Learner learner = new IbHebbianRule().create(net, Fixtures.parameters(Map.of("window", 8, "pastActivity", past,
                "variant", variant, "optimizer", optimizer, "learningRate", 1e-3)), context);
        SlidingWindow window = new SlidingWindow(8, input, CLASSES);
        SplittableRandom random = new SplittableRandom(73);
        double[] image = new double[input];
        int epoch = 1;
        int learned = 0;
        while (learned < STEPS) {
            if (learned == RESTART && epoch == 1) {
                epoch = 2;
                window.clear();
            }
            int label = random.nextInt(CLASSES);
            digitLike(label, random, image);
            window.push(image, label, epoch);
            if (window.isFull()) {
                learner.learn(window);
                learned++;
            }
        }
        double[] metrics = new double[4];
        for (int l = 0; l < 2; l++) {
            metrics[2 * l] = context.metricMean("hsic_xz/" + l);
            metrics[2 * l + 1] = context.metricMean("hsic_yz/" + l);
        }
        return TestNetworks.sha256(net, metrics);
    }

    /**
     * An 8×8 MNIST-like image in [−1, 1]: background at −1 (as the symmetric normalisation gives), a
     * class-specific stroke of 12 pixels switched on with noisy intensity, and a few stray pixels.
     */
    private static void digitLike(int label, SplittableRandom random, double[] image) {
        java.util.Arrays.fill(image, -1.0);
        SplittableRandom stroke = new SplittableRandom(1000 + label);
        for (int k = 0; k < 12; k++) {
            image[stroke.nextInt(image.length)] = 1.0 - 0.6 * random.nextDouble();
        }
        for (int k = 0; k < 3; k++) {
            image[random.nextInt(image.length)] = 2 * random.nextDouble() - 1;
        }
    }
}

package org.engram.rule.ibhebbian;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.rule.Learner;
import org.engram.numerics.hsic.Hsic;
import org.engram.numerics.hsic.Kernels;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.numerics.network.Initializers;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.api.Test;

/** End to end on two Gaussian blobs: the IB objective is actually optimised and the readout learns. */
class IbHebbianToyTaskTest {
    private static final int CLASSES = 2;

    /** Two unit-variance blobs at ±(1, 1): the Bayes accuracy is Φ(√2) ≈ 92%. */
    private record Blobs(double[] x, int[] y) {
        static Blobs draw(int count, SplittableRandom random) {
            double[] x = new double[2 * count];
            int[] y = new int[count];
            for (int i = 0; i < count; i++) {
                y[i] = random.nextInt(CLASSES);
                double centre = y[i] == 0 ? -1.0 : 1.0;
                x[2 * i] = centre + Initializers.gaussian(random);
                x[2 * i + 1] = centre + Initializers.gaussian(random);
            }
            return new Blobs(x, y);
        }

        double[] row(int i) {
            return new double[] {x[2 * i], x[2 * i + 1]};
        }
    }

    private static double accuracy(FeedForwardNetwork net, Blobs test) {
        int count = test.y().length;
        net.forward(test.x(), count);
        int correct = 0;
        for (int i = 0; i < count; i++) {
            int guess = net.output()[2 * i + 1] > net.output()[2 * i] ? 1 : 0;
            correct += guess == test.y()[i] ? 1 : 0;
        }
        return (double) correct / count;
    }

    /** HSIC(Y, Z_l) over a fixed batch, with the rule's label and activity bandwidths. */
    private static double labelDependence(FeedForwardNetwork net, Blobs batch, int layer) {
        int count = batch.y().length;
        net.forward(batch.x(), count);
        double[] targets = new double[count * CLASSES];
        for (int i = 0; i < count; i++) {
            targets[i * CLASSES + batch.y()[i]] = 1.0;
        }
        double[] ky = new double[count * count];
        double[] kz = new double[count * count];
        Kernels.gaussianMatrix(targets, count, CLASSES, 0.1, ky);
        Kernels.gaussianMatrix(net.layer(layer).activity(), count, net.layer(layer).size(), 1.0, kz);
        return Hsic.hsic(ky, kz, count);
    }

    @Test
    void ibRuleRaisesLabelDependenceInEveryHiddenLayerAndLearnsTheTask() {
        for (String variant : new String[] {"FRONTIERS_RELEASED", "EXACT"}) {
            for (String past : new String[] {"RECOMPUTE", "STORED"}) {
                SplittableRandom random = new SplittableRandom(71);
                Blobs train = Blobs.draw(600, random);
                Blobs probe = Blobs.draw(128, random);
                Blobs test = Blobs.draw(1000, random);
                FeedForwardNetwork net = Fixtures.network(72, 1, 2, 16, 8, CLASSES);
                double[] before = {labelDependence(net, probe, 0), labelDependence(net, probe, 1)};

                TestTrialContext context = Fixtures.context(11);
                Learner learner = new IbHebbianRule().create(net, Fixtures.parameters(
                        Map.of("window", 8, "variant", variant, "pastActivity", past, "learningRate", 3e-3)), context);
                SlidingWindow window = new SlidingWindow(8, 2, CLASSES);
                for (int epoch = 1; epoch <= 3; epoch++) {
                    window.clear();
                    for (int i = 0; i < train.y().length; i++) {
                        window.push(train.row(i), train.y()[i], epoch);
                        if (window.isFull()) {
                            learner.learn(window);
                        }
                    }
                }
                String what = variant + "/" + past;
                for (int l = 0; l < 2; l++) {
                    double after = labelDependence(net, probe, l);
                    assertTrue(after > 1.2 * before[l], what + " layer " + l + ": HSIC(Y,Z) " + before[l] + " -> " + after);
                }
                double acc = accuracy(net, test);
                assertTrue(acc > 0.85, what + ": test accuracy " + acc);
            }
        }
    }
}

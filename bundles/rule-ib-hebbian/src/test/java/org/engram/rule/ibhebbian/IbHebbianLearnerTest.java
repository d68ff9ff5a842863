package org.engram.rule.ibhebbian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Layer;
import org.engram.api.network.Window;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.rule.Learner;
import org.engram.numerics.hsic.Hsic;
import org.engram.numerics.hsic.Kernels;
import org.engram.numerics.hsic.Modulator;
import org.engram.numerics.hsic.ModulatorVariant;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.FiniteDifferences;
import org.engram.testkit.ReferenceBackend;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.api.Test;

class IbHebbianLearnerTest {
    private static final double LR = 1e-3;
    private static final double GAMMA = 2.0;
    private static final double SIGMA_X = 0.5;
    private static final double SIGMA_Y = 0.5;
    private static final double SIGMA_Z = 1.0;

    /** Plain SGD (momentum 0, no decay) and the exact ξ, so one step is exactly −lr times the gradient. */
    private static Map<String, Object> sgdExact(int window, String past) {
        return Map.of("window", window, "gamma", GAMMA, "sigmaX", SIGMA_X, "sigmaY", SIGMA_Y, "sigmaZ", SIGMA_Z,
                "variant", "EXACT", "pastActivity", past, "optimizer", "MOMENTUM", "momentum", 0.0, "learningRate", LR);
    }

    private static Learner learner(FeedForwardNetwork net, Map<String, ?> given, TestTrialContext context) {
        return new IbHebbianRule().create(net, Fixtures.parameters(given), context);
    }

    /** The layer loss with the past rows of layer {@code l} held at {@code past} and the current row from a fresh forward. */
    private static double layerLoss(FeedForwardNetwork net, SlidingWindow w, int l, double[] past) {
        int n = w.length();
        int d = net.layer(l).size();
        net.forward(w.inputs(), n);
        double[] z = Arrays.copyOf(net.layer(l).activity(), n * d);
        System.arraycopy(past, 0, z, 0, (n - 1) * d);
        double[] kx = new double[n * n];
        double[] ky = new double[n * n];
        double[] kz = new double[n * n];
        Kernels.gaussianMatrix(w.inputs(), n, w.inputSize(), SIGMA_X, kx);
        Kernels.gaussianMatrix(w.targets(), n, w.classes(), SIGMA_Y, ky);
        Kernels.gaussianMatrix(z, n, d, SIGMA_Z, kz);
        return Hsic.layerLoss(kx, ky, kz, n, GAMMA);
    }

    /** Mean softmax cross-entropy of the output over the window. */
    private static double windowCrossEntropy(FeedForwardNetwork net, SlidingWindow w) {
        int n = w.length();
        int c = net.outputSize();
        net.forward(w.inputs(), n);
        double[] logits = net.output();
        double loss = 0;
        for (int j = 0; j < n; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, logits[j * c + k]);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                sum += Math.exp(logits[j * c + k] - max);
            }
            loss += -(logits[j * c + w.labels()[j]] - max - Math.log(sum));
        }
        return loss / n;
    }

    /** Central differences of {@code loss} in every entry of {@code param}. */
    private static double[] finiteDifferences(double[] param, java.util.function.DoubleSupplier loss) {
        return FiniteDifferences.central(param, 1e-6, loss);
    }

    private static double[] stepOver(double[] before, double[] after) {
        double[] g = new double[before.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (before[i] - after[i]) / LR; // the gradient SGD applied
        }
        return g;
    }

    @Test
    void hiddenAndOutputUpdatesAreMinusLearningRateTimesFiniteDifferenceGradients() {
        for (String past : new String[] {"RECOMPUTE", "STORED"}) {
            FeedForwardNetwork net = Fixtures.network(41, 1, 5, 6, 4, 3);
            SlidingWindow w = new SlidingWindow(4, 5, 3);
            Fixtures.pushRandom(w, 4, new SplittableRandom(42), 1);
            List<double[][]> expected = new ArrayList<>();
            for (int l = 0; l < 2; l++) {
                Layer layer = net.layer(l);
                int l0 = l;
                net.forward(w.inputs(), 4);
                double[] pastRows = Arrays.copyOf(layer.activity(), 3 * layer.size());
                expected.add(new double[][] {
                    finiteDifferences(layer.weights(), () -> layerLoss(net, w, l0, pastRows)),
                    finiteDifferences(layer.bias(), () -> layerLoss(net, w, l0, pastRows))});
            }
            Layer out = net.layer(2);
            expected.add(new double[][] {
                finiteDifferences(out.weights(), () -> windowCrossEntropy(net, w)),
                finiteDifferences(out.bias(), () -> windowCrossEntropy(net, w))});
            double[][] before = Fixtures.snapshot(net);

            // the first STORED step replays the window's past with the same weights, so it must agree too
            learner(net, sgdExact(4, past), Fixtures.context(1)).learn(w);

            double[][] after = Fixtures.snapshot(net);
            for (int l = 0; l < 3; l++) {
                for (int p = 0; p < 2; p++) {
                    double err = Fixtures.relativeError(stepOver(before[2 * l + p], after[2 * l + p]), expected.get(l)[p]);
                    assertTrue(err < 1e-6, past + " layer " + l + (p == 0 ? " weights" : " bias") + ": " + err);
                }
            }
        }
    }

    @Test
    void memoryTaskDescribesHiddenLayersAndItsExactSignalIsTheConfiguredVariant() {
        FeedForwardNetwork net = Fixtures.network(43, 1, 5, 6, 4, 3);
        TestTrialContext context = Fixtures.context(2);
        learner(net, Map.of("window", 4, "variant", "V1"), context);
        assertEquals(1, context.openedTasks().size());
        MemoryTask task = context.openedTasks().get(0);
        assertEquals(2, task.layers());
        assertEquals(6, task.signalSize(0));
        assertEquals(4, task.signalSize(1));
        assertEquals(4, task.windowLength());

        SlidingWindow w = new SlidingWindow(4, 5, 3);
        Fixtures.pushRandom(w, 4, new SplittableRandom(44), 1);
        double[] activity = new double[4 * 4];
        for (int i = 0; i < activity.length; i++) {
            activity[i] = Math.sin(3 * i);
        }
        double[] kx = new double[16];
        double[] ky = new double[16];
        Kernels.gaussianMatrix(w.inputs(), 4, 5, 0.5, kx);
        Kernels.gaussianMatrix(w.targets(), 4, 3, 0.1, ky);
        double[] expected = new double[4];
        new Modulator(4, 4).signal(ModulatorVariant.V1, kx, ky, 2.0, activity, 1.0, expected);
        double[] out = new double[4];
        task.exactSignal(1, w, activity, out);
        assertArrayEquals(expected, out, 1e-15);
    }

    @Test
    void hiddenUpdatesFollowWhicheverMemorySuppliesTheSignal() {
        SlidingWindow w = new SlidingWindow(4, 5, 3);
        Fixtures.pushRandom(w, 4, new SplittableRandom(46), 1);
        // a memory that forwards to the task by hand equals the window plugin
        FeedForwardNetwork a = Fixtures.network(47, 1, 5, 6, 4, 3);
        FeedForwardNetwork b = Fixtures.network(47, 1, 5, 6, 4, 3);
        learner(a, sgdExact(4, "RECOMPUTE"), Fixtures.context(3)).learn(w);
        learner(b, sgdExact(4, "RECOMPUTE"), Fixtures.context(3, task -> task::exactSignal)).learn(w);
        assertArrayEquals(Fixtures.snapshot(a)[0], Fixtures.snapshot(b)[0], 0.0);
        // a memory that knows nothing (ξ = 0) leaves the hidden layers alone; the output layer still learns
        FeedForwardNetwork c = Fixtures.network(47, 1, 5, 6, 4, 3);
        double[][] before = Fixtures.snapshot(c);
        Memory silent = (layer, window, activity, out) -> Arrays.fill(out, 0.0);
        learner(c, sgdExact(4, "RECOMPUTE"), Fixtures.context(3, task -> silent)).learn(w);
        double[][] after = Fixtures.snapshot(c);
        for (int p = 0; p < 4; p++) {
            assertArrayEquals(before[p], after[p], 0.0);
        }
        assertFalse(Arrays.equals(before[4], after[4]));
    }

    @Test
    void storedAndRecomputedAgreeWhileNoPastSampleWasSeenUnderOtherWeights() {
        FeedForwardNetwork recomputed = Fixtures.network(48, 1, 5, 6, 4, 3);
        FeedForwardNetwork stored = Fixtures.network(48, 1, 5, 6, 4, 3);
        Map<String, Object> adam = Map.of("window", 4, "pastActivity", "RECOMPUTE", "learningRate", 1e-2);
        Map<String, Object> adamStored = Map.of("window", 4, "pastActivity", "STORED", "learningRate", 1e-2);
        Learner lr = learner(recomputed, adam, Fixtures.context(4));
        Learner ls = learner(stored, adamStored, Fixtures.context(4));
        SlidingWindow w = new SlidingWindow(4, 5, 3);
        SplittableRandom random = new SplittableRandom(49);
        Fixtures.pushRandom(w, 4, random, 1);
        lr.learn(w);
        ls.learn(w);
        assertSameWeights(recomputed, stored);
        // a new epoch: the window restarts, the stored learner replays it with the current weights
        w.clear();
        Fixtures.pushRandom(w, 4, random, 2);
        lr.learn(w);
        ls.learn(w);
        assertSameWeights(recomputed, stored);
        // sliding on: the stored learner keeps activities produced under older weights, so they part
        Fixtures.pushRandom(w, 1, random, 2);
        lr.learn(w);
        ls.learn(w);
        double[][] a = Fixtures.snapshot(recomputed);
        double[][] b = Fixtures.snapshot(stored);
        for (int p = 0; p < 4; p++) {
            assertFalse(Arrays.equals(a[p], b[p]), "hidden parameter array " + p);
        }
    }

    private static void assertSameWeights(FeedForwardNetwork a, FeedForwardNetwork b) {
        double[][] sa = Fixtures.snapshot(a);
        double[][] sb = Fixtures.snapshot(b);
        for (int p = 0; p < sa.length; p++) {
            assertArrayEquals(sa[p], sb[p], 1e-14);
        }
    }

    /** Records a copy of every activity the learner hands to memory, then answers with the exact signal. */
    private static final class RecordingMemory implements Memory {
        private final MemoryTask task;
        final List<List<double[]>> seen = List.of(new ArrayList<>(), new ArrayList<>());

        RecordingMemory(MemoryTask task) {
            this.task = task;
        }

        @Override
        public void signal(int layer, Window window, double[] activity, double[] out) {
            seen.get(layer).add(activity.clone());
            task.exactSignal(layer, window, activity, out);
        }
    }

    @Test
    void storedPastRowsAreTheActivitiesEachSampleProducedWhenItWasCurrent() {
        int n = 4;
        for (String past : new String[] {"STORED", "RECOMPUTE"}) {
            RecordingMemory[] memory = new RecordingMemory[1];
            TestTrialContext context = Fixtures.context(5, task -> memory[0] = new RecordingMemory(task));
            FeedForwardNetwork net = Fixtures.network(50, 1, 5, 6, 4, 3);
            Learner learner = learner(net, Map.of("window", n, "pastActivity", past, "learningRate", 1e-2), context);
            SlidingWindow w = new SlidingWindow(n, 5, 3);
            SplittableRandom random = new SplittableRandom(51);
            Fixtures.pushRandom(w, n - 1, random, 1);
            int steps = 10;
            for (int t = 0; t < steps; t++) {
                Fixtures.pushRandom(w, 1, random, 1);
                learner.learn(w);
            }
            for (int l = 0; l < 2; l++) {
                int d = net.layer(l).size();
                List<double[]> seen = memory[0].seen.get(l);
                assertEquals(steps, seen.size());
                boolean allKept = true;
                for (int t = n - 1; t < steps; t++) {
                    for (int j = 0; j < n - 1; j++) {
                        double[] row = Arrays.copyOfRange(seen.get(t), j * d, (j + 1) * d);
                        double[] whenCurrent = Arrays.copyOfRange(seen.get(t - (n - 1 - j)), (n - 1) * d, n * d);
                        allKept &= Arrays.equals(row, whenCurrent);
                    }
                }
                // re-forwarding with weights that have moved gives other activities
                assertEquals(past.equals("STORED"), allKept, past + " layer " + l);
            }
        }
    }

    @Test
    void storedHsicMetricsFromSlidKernelsEqualKernelsComputedFromScratchBitForBit() {
        int n = 5;
        RecordingMemory[] memory = new RecordingMemory[1];
        TestTrialContext context = Fixtures.context(12, task -> memory[0] = new RecordingMemory(task));
        FeedForwardNetwork net = Fixtures.network(62, 1, 5, 6, 4, 3);
        Learner learner = learner(net, Map.of("window", n, "pastActivity", "STORED", "learningRate", 1e-2), context);
        SlidingWindow w = new SlidingWindow(n, 5, 3);
        SplittableRandom random = new SplittableRandom(63);
        Fixtures.pushRandom(w, n - 1, random, 1);
        double[] kx = new double[n * n];
        double[] ky = new double[n * n];
        double[] kz = new double[n * n];
        for (int t = 0; t < 12; t++) {
            if (t == 6) {
                w.clear(); // a new epoch: the learner replays the window and recomputes K_z once
                Fixtures.pushRandom(w, n - 1, random, 2);
            }
            Fixtures.pushRandom(w, 1, random, t < 6 ? 1 : 2);
            context.clearMetrics();
            learner.learn(w);
            Kernels.gaussianMatrix(w.inputs(), n, 5, 0.5, kx);
            Kernels.gaussianMatrix(w.targets(), n, 3, 0.1, ky);
            for (int l = 0; l < 2; l++) {
                List<double[]> seen = memory[0].seen.get(l);
                Kernels.gaussianMatrix(seen.get(seen.size() - 1), n, net.layer(l).size(), 1.0, kz);
                assertEquals(Hsic.hsic(kx, kz, n), context.metricMean("hsic_xz/" + l), 0.0, "step " + t + " layer " + l);
                assertEquals(Hsic.hsic(ky, kz, n), context.metricMean("hsic_yz/" + l), 0.0, "step " + t + " layer " + l);
            }
        }
    }

    @Test
    void everyStepScheduleTakesOneOptimizerStepPerTimeStep() {
        SlidingWindow w = new SlidingWindow(4, 5, 3);
        Fixtures.pushRandom(w, 4, new SplittableRandom(52), 1);
        FeedForwardNetwork threeSteps = Fixtures.network(53, 3, 5, 6, 4, 3);
        FeedForwardNetwork oneStep = Fixtures.network(53, 1, 5, 6, 4, 3);
        assertEquals(3, threeSteps.stepsPerSample());
        TestTrialContext context = Fixtures.context(6);
        learner(threeSteps, Map.of("window", 4, "update", "EVERY_STEP"), context).learn(w);
        Learner single = learner(oneStep, Map.of("window", 4), Fixtures.context(6));
        for (int t = 0; t < 3; t++) {
            single.learn(w);
        }
        assertSameWeights(threeSteps, oneStep);
        assertEquals(1, context.metricCount("hsic_yz/1"));
    }

    /**
     * The stateless test units give the same gradient at every time step, so the mean over the readout steps is that
     * gradient: one step of plain momentum SGD with it (a sum would double it, a step per time step would move twice).
     */
    @Test
    void perSampleScheduleTakesOneOptimizerStepWithTheMeanGradientOfTheReadoutSteps() {
        for (String past : new String[] {"RECOMPUTE", "STORED"}) {
            SlidingWindow w = new SlidingWindow(4, 5, 3);
            Fixtures.pushRandom(w, 4, new SplittableRandom(56), 1);
            FeedForwardNetwork threeSteps = new FeedForwardNetwork(5, new NeuronLayer[] {new TestNeurons.ReluLayerNorm(6, 3),
                    new TestNeurons.ReluLayerNorm(4, 3), new TestNeurons.Identity(3, 3, 2)}, new ReferenceBackend(), new SplittableRandom(57));
            FeedForwardNetwork oneStep = new FeedForwardNetwork(5, new NeuronLayer[] {new TestNeurons.ReluLayerNorm(6),
                    new TestNeurons.ReluLayerNorm(4), new TestNeurons.Identity(3)}, new ReferenceBackend(), new SplittableRandom(57));
            Map<String, Object> settings = Map.of("window", 4, "pastActivity", past, "optimizer", "MOMENTUM", "learningRate", 0.1);
            double[][] before = Fixtures.snapshot(threeSteps);
            TestTrialContext context = Fixtures.context(7);
            learner(threeSteps, settings, context).learn(w);
            learner(oneStep, settings, Fixtures.context(7)).learn(w);
            assertFalse(Arrays.equals(before[0], Fixtures.snapshot(threeSteps)[0]), "the weights moved");
            assertSameWeights(threeSteps, oneStep);
            assertEquals(1, context.metricCount("hsic_yz/1"), past);
        }
    }

    @Test
    void reportsTheWindowsHsicTermsForEachHiddenLayer() {
        FeedForwardNetwork net = Fixtures.network(54, 1, 5, 6, 4, 3);
        SlidingWindow w = new SlidingWindow(4, 5, 3);
        Fixtures.pushRandom(w, 4, new SplittableRandom(55), 1);
        double[] kx = new double[16];
        double[] ky = new double[16];
        Kernels.gaussianMatrix(w.inputs(), 4, 5, 0.5, kx);
        Kernels.gaussianMatrix(w.targets(), 4, 3, 0.1, ky);
        net.forward(w.inputs(), 4);
        double[][] expected = new double[2][2];
        for (int l = 0; l < 2; l++) {
            double[] kz = new double[16];
            Kernels.gaussianMatrix(net.layer(l).activity(), 4, net.layer(l).size(), 1.0, kz);
            expected[l][0] = Hsic.hsic(kx, kz, 4);
            expected[l][1] = Hsic.hsic(ky, kz, 4);
        }
        TestTrialContext context = Fixtures.context(7);
        learner(net, Map.of("window", 4), context).learn(w);
        for (int l = 0; l < 2; l++) {
            assertEquals(expected[l][0], context.metricMean("hsic_xz/" + l), 1e-15);
            assertEquals(expected[l][1], context.metricMean("hsic_yz/" + l), 1e-15);
            assertEquals(1, context.metricCount("hsic_xz/" + l));
        }
        assertEquals(0, context.metricCount("hsic_xz/2"));
    }

    @Test
    void learnAllocatesNothingOnceWarm() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        long probe = threads.getCurrentThreadAllocatedBytes();
        double[] garbage = new double[1000];
        assertTrue(threads.getCurrentThreadAllocatedBytes() - probe >= 8L * garbage.length, "the probe sees allocation");
        for (String past : new String[] {"RECOMPUTE", "STORED"}) {
            for (String variant : new String[] {"EXACT", "V1", "FRONTIERS_RELEASED", "FRONTIERS_PATCHED"}) {
                FeedForwardNetwork net = Fixtures.network(56, 1, 5, 6, 4, 3);
                TestTrialContext context = Fixtures.context(8);
                Learner learner = learner(net, Map.of("window", 4, "pastActivity", past, "variant", variant), context);
                SlidingWindow w = new SlidingWindow(4, 5, 3);
                SplittableRandom random = new SplittableRandom(57);
                double[][] samples = new double[64][5];
                for (double[] s : samples) {
                    for (int i = 0; i < 5; i++) {
                        s[i] = 2 * random.nextDouble() - 1;
                    }
                }
                for (int i = 0; i < 4; i++) {
                    w.push(samples[i], i % 3, 1);
                }
                learner.learn(w);
                for (int warm = 0; warm < 2; warm++) {
                    long start = threads.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < samples.length; i++) {
                        w.push(samples[i], i % 3, 1);
                        learner.learn(w);
                    }
                    long allocated = threads.getCurrentThreadAllocatedBytes() - start;
                    if (warm == 1) {
                        assertEquals(0, allocated, past + "/" + variant + ": bytes allocated by 64 learn calls");
                    }
                }
            }
        }
    }

    @Test
    void networkWithoutHiddenLayersOpensNoMemoryAndTrainsItsOutput() {
        FeedForwardNetwork net = Fixtures.network(58, 1, 5, 3);
        TestTrialContext context = Fixtures.context(9);
        Learner learner = learner(net, sgdExact(4, "STORED"), context);
        assertTrue(context.openedTasks().isEmpty());
        SlidingWindow w = new SlidingWindow(4, 5, 3);
        Fixtures.pushRandom(w, 4, new SplittableRandom(59), 1);
        Layer out = net.layer(0);
        double[] expected = finiteDifferences(out.weights(), () -> windowCrossEntropy(net, w));
        double[] before = out.weights().clone();
        learner.learn(w);
        assertTrue(Fixtures.relativeError(stepOver(before, out.weights()), expected) < 1e-6);
    }

    @Test
    void rejectsAWindowOfAnotherLength() {
        Learner learner = learner(Fixtures.network(60, 1, 5, 6, 3), Map.of("window", 4), Fixtures.context(10));
        SlidingWindow w = new SlidingWindow(5, 5, 3);
        Fixtures.pushRandom(w, 5, new SplittableRandom(61), 1);
        assertThrows(IllegalArgumentException.class, () -> learner.learn(w));
        assertEquals(4, learner.windowLength());
    }
}

package org.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.Checkpointable;
import org.engram.api.PluginKind;
import org.engram.api.TrialContext;
import org.engram.api.data.SampleSet;
import org.engram.api.memory.Memory;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
import org.engram.numerics.network.SlidingWindow;
import org.engram.numerics.random.Permutations;
import org.junit.jupiter.api.Test;

/**
 * The checks every {@link LearningRule} must pass, whatever it learns. Extend it once per rule (and once
 * more per configuration worth covering, by overriding {@link #parameters()}):
 *
 * <pre>
 * class OjaRuleContractTest extends LearningRuleContract {
 *     protected LearningRule rule() { return new OjaRule(); }
 * }
 * </pre>
 *
 * Each check trains a fresh learner the way the engine does (a sliding window of the learner's length,
 * {@code learn} once it is full and every stride after that) on a small network from
 * {@link TestNetworks#small} and Gaussian blobs from {@link TestSamples#blobs}, with a
 * {@link TestTrialContext} whose working memory is the ideal one. Whether the rule learns well is for
 * its own tests (see {@link TestTrainer#accuracy}); these checks are about being a well-behaved plugin:
 * registered under its name, self-describing, finite, deterministic, free of shared state and of
 * allocation on the hot path, and, if its learner implements {@link Checkpointable}, resumable from a
 * checkpoint bit for bit.
 */
public abstract class LearningRuleContract {

    /** Seed of every network, context and sample order the checks create. */
    protected static final long SEED = 0x5EEDL;

    /** Input width and classes of the default network and samples. */
    private static final int INPUTS = 4;
    private static final int CLASSES = 3;

    /**
     * The plugin under test. Called once per check: every trial of a check then uses that one object, as
     * Declarative Services shares one service object between all trials.
     */
    protected abstract LearningRule rule();

    private LearningRule service;

    /** The one rule service of the current check. */
    private LearningRule service() {
        if (service == null) {
            service = rule();
        }
        return service;
    }

    /** The rule's parameters for these checks; by default every parameter at its default. */
    protected Parameters parameters() {
        return Parameters.defaults(service().parameters());
    }

    /**
     * The network a check trains, with weights from {@code seed}; by default 4 inputs, 8 tanh units and 3
     * linear outputs. Override for a rule that needs other neuron models; keep it in step with {@link #samples()}.
     */
    protected Network network(long seed) {
        return TestNetworks.small(INPUTS, CLASSES, seed);
    }

    /** The training samples; by default 240 samples of 3 Gaussian blobs in 4 dimensions. */
    protected SampleSet samples() {
        return TestSamples.blobs(CLASSES, INPUTS, 240, SEED);
    }

    /** The trial context a learner is created with; by default the ideal memory on the reference backend. */
    protected TrialContext context(long seed) {
        return new TestTrialContext(seed);
    }

    @Test
    public void describesItselfAndItsParameters() {
        PluginChecks.describesItself(service(), PluginKind.RULE);
    }

    @Test
    public void isAComponentThatProvidesLearningRuleUnderItsName() {
        PluginChecks.declaresComponent(service().getClass(), LearningRule.class, PluginKind.RULE);
    }

    @Test
    public void learnerDeclaresAWindowTheTrainingSetCanFill() {
        Learner learner = newLearner(network(SEED), context(SEED));
        assertNotNull(learner, "create() returned null");
        int n = learner.windowLength();
        assertTrue(n >= 1, "windowLength() is " + n + "; it must be at least 1");
        assertTrue(n <= samples().size(), "windowLength() is " + n + ", more than the " + samples().size()
                + " samples of the checks; override samples() with more");
        assertTrue(learner.stride() >= 1, "stride() is " + learner.stride() + "; it must be at least 1");
    }

    @Test
    public void learningChangesTheWeightsKeepsThemFiniteAndOnlyReadsTheWindow() {
        Network network = network(SEED);
        TrialContext context = context(SEED);
        Learner learner = newLearner(network, context);
        List<double[]> before = parameters(network);
        SampleSet samples = samples();
        SlidingWindow window = new SlidingWindow(learner.windowLength(), samples.inputSize(), network.outputSize());
        int stride = Math.max(1, learner.stride());
        int sinceLearn = 0;
        int calls = 0;
        int[] order = shuffled(samples.size(), SEED);
        for (int index : order) {
            window.push(samples, index, 1);
            if (window.isFull() && ++sinceLearn >= stride) {
                sinceLearn = 0;
                Map<String, Object> seen = PluginChecks.snapshot(windowArrays(window));
                learner.learn(window);
                calls++;
                PluginChecks.assertUnchanged(seen, windowArrays(window), "learn()");
            }
        }
        learner.endEpoch(1);
        assertTrue(calls > 0, "learn() was never called: the window never filled");

        List<double[]> after = parameters(network);
        boolean changed = false;
        for (int i = 0; i < after.size(); i++) {
            for (double v : after.get(i)) {
                assertTrue(Double.isFinite(v), "a weight or bias is " + v + " after one epoch");
            }
            changed |= !java.util.Arrays.equals(before.get(i), after.get(i));
        }
        assertTrue(changed, "one epoch of learn() changed no weight and no bias");
        if (context instanceof TestTrialContext t) {
            t.metricMeans().forEach((name, mean) -> assertFalse(mean.isNaN() || mean.isInfinite(),
                    "reported metric " + name + " has mean " + mean));
        }
    }

    /**
     * Rules reach weights only through a layer's connection, so a rule must train a convolution and pass over a
     * pooling layer as it trains a dense layer: one epoch on {@link TestNetworks#convolutional} runs without
     * failing, changes some weight and keeps every value finite. A rule written for dense matrices alone (reading
     * {@code weights()} as [size, inputSize]) fails here; use the layer's {@code connection()} gradients.
     */
    @Test
    public void trainsANetworkWithAConvolutionAndAPoolingLayer() {
        Network network = TestNetworks.convolutional(CLASSES, SEED);
        SampleSet samples = TestSamples.blobs(CLASSES, TestNetworks.IMAGE_SIDE * TestNetworks.IMAGE_SIDE, 240, SEED);
        Learner learner = newLearner(network, context(SEED));
        List<double[]> before = parameters(network);
        SlidingWindow window = new SlidingWindow(learner.windowLength(), samples.inputSize(), network.outputSize());
        int stride = Math.max(1, learner.stride());
        int sinceLearn = 0;
        for (int index : shuffled(samples.size(), SEED)) {
            window.push(samples, index, 1);
            if (window.isFull() && ++sinceLearn >= stride) {
                sinceLearn = 0;
                learner.learn(window);
            }
        }
        learner.endEpoch(1);
        List<double[]> after = parameters(network);
        boolean changed = false;
        for (int l = 0; l < network.layerCount(); l++) {
            for (int part = 0; part < 2; part++) {
                double[] a = after.get(2 * l + part);
                for (double v : a) {
                    assertTrue(Double.isFinite(v), "layer " + l + " " + PARTS[part] + " hold " + v + " after one epoch");
                }
                changed |= !java.util.Arrays.equals(before.get(2 * l + part), a);
            }
        }
        assertTrue(changed, "one epoch on a network with a convolution and a pooling layer changed no weight and no bias");
    }

    @Test
    public void sameSeedGivesBitIdenticalWeights() {
        List<double[]> first = trainOneEpoch(SEED);
        List<double[]> second = trainOneEpoch(SEED);
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), "two trials with the same seed differ in " + PARTS[i % 2]
                    + " of layer " + i / 2 + UNSEEDED);
        }
    }

    private static final String UNSEEDED = PluginChecks.unseeded("rule");

    @Test
    public void learnersOfOneRuleShareNoState() {
        List<double[]> alone = trainOneEpoch(SEED);
        // Unseeded randomness also makes side-by-side trials differ: rule it out first, on a second fresh service
        // (state kept in the first one cannot reach it), so the message below names the real cause.
        LearningRule first = service;
        service = rule();
        List<double[]> onAnotherService = trainOneEpoch(SEED);
        service = first;
        for (int i = 0; i < alone.size(); i++) {
            assertArrayEquals(alone.get(i), onAnotherService.get(i), "two trials with the same seed, each alone on a new "
                    + "rule object, differ in " + PARTS[i % 2] + " of layer " + i / 2 + UNSEEDED);
        }

        // two trials of the same seed, stepped in turns: each must end where a trial alone ends
        Trial b = new Trial(SEED);
        Trial c = new Trial(SEED);
        int[] order = shuffled(samples().size(), SEED);
        for (int index : order) {
            b.step(index);
            c.step(index);
        }
        for (Trial t : List.of(b, c)) {
            List<double[]> weights = parameters(t.network);
            for (int i = 0; i < alone.size(); i++) {
                assertArrayEquals(alone.get(i), weights.get(i), "a learner trained beside another of the same rule ends "
                        + "with other " + PARTS[i % 2] + " in layer " + i / 2 + ": state is shared between trials "
                        + "(static fields, or fields of the rule service)");
            }
        }
    }

    @Test
    public void learnDoesNotAllocateOnceWarmedUp() {
        Trial t = new Trial(SEED);
        int size = samples().size();
        int[] order = shuffled(size, SEED);
        // the count is of samples streamed; learn() runs on all of them once the window is full
        Allocations.assertNoAllocation("push + learn()", 3_000, 3_000, i -> t.step(order[i % size]));
    }

    /**
     * Applies when the learner implements {@link Checkpointable} and every memory it opened does too (when the
     * engine checkpoints a trial; otherwise it restarts the trial from epoch 1 and there is nothing to check).
     * Trains one epoch and checkpoints as the engine does at an epoch's end (the learner, then each memory,
     * then each neuron layer that implements it), then trains a second epoch. A fresh trial given the first
     * epoch's weights, the saved states and the stream position must train that second epoch to the same
     * weights and metric means, bit for bit.
     */
    @Test
    public void checkpointRoundTripIsBitIdentical() throws IOException {
        Trial original = new Trial(SEED);
        original.epoch(1, shuffled(samples().size(), SEED));
        List<Checkpointable> parts = original.checkpointedParts();
        if (parts == null) {
            return; // not checkpointable: the engine never resumes such a trial
        }
        List<byte[]> states = new ArrayList<>();
        for (Checkpointable part : parts) {
            states.add(Checkpoints.save(part));
        }
        List<double[]> weights = parameters(original.network);

        Trial resumed = new Trial(SEED);
        for (int l = 0; l < resumed.network.layerCount(); l++) {
            Layer layer = resumed.network.layer(l);
            System.arraycopy(weights.get(2 * l), 0, layer.weights(), 0, layer.weights().length);
            System.arraycopy(weights.get(2 * l + 1), 0, layer.bias(), 0, layer.bias().length);
        }
        List<Checkpointable> resumedParts = resumed.checkpointedParts();
        assertNotNull(resumedParts, "a second learner of the same rule is not checkpointable");
        assertEquals(parts.size(), resumedParts.size(), "a second trial of the same rule opens another number of memories");
        for (int i = 0; i < parts.size(); i++) {
            Checkpoints.restore(resumedParts.get(i), states.get(i), original.partName(i));
        }
        resumed.window.resumeAfter(original.window.step());

        int[] second = shuffled(samples().size(), SEED + 1);
        original.clearMetrics();
        original.epoch(2, second);
        resumed.epoch(2, second);
        List<double[]> expected = parameters(original.network);
        List<double[]> actual = parameters(resumed.network);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "after an epoch from the checkpoint, " + PARTS[i % 2]
                    + " of layer " + i / 2 + " differ from the uninterrupted trial's: writeState misses state that learn() "
                    + "changes (optimizer moments, running means, generators), or readState does not restore it");
        }
        if (original.context instanceof TestTrialContext a && resumed.context instanceof TestTrialContext b) {
            assertEquals(a.metricMeans(), b.metricMeans(), "metric means of the epoch after the checkpoint");
        }
    }

    // ------------------------------------------------------------------------------------------

    private static final String[] PARTS = {"weights", "biases"};

    private Learner newLearner(Network network, TrialContext context) {
        return service().create(network, parameters(), context);
    }

    private List<double[]> trainOneEpoch(long seed) {
        Trial t = new Trial(seed);
        for (int index : shuffled(samples().size(), seed)) {
            t.step(index);
        }
        return parameters(t.network);
    }

    /** One trial stepped a sample at a time, as the engine streams it. */
    private final class Trial {
        final Network network;
        final TrialContext context;
        final Learner learner;
        final SampleSet samples = samples();
        final SlidingWindow window;
        final int stride;
        int sinceLearn;
        int epoch = 1;

        Trial(long seed) {
            network = network(seed);
            context = context(seed);
            learner = newLearner(network, context);
            window = new SlidingWindow(learner.windowLength(), samples.inputSize(), network.outputSize());
            stride = Math.max(1, learner.stride());
        }

        void step(int index) {
            window.push(samples, index, epoch);
            if (window.isFull() && ++sinceLearn >= stride) {
                sinceLearn = 0;
                learner.learn(window);
            }
        }

        /** One epoch as the engine runs it: an empty window, every sample in the given order, then endEpoch. */
        void epoch(int number, int[] order) {
            epoch = number;
            window.clear();
            sinceLearn = 0;
            for (int index : order) {
                step(index);
            }
            learner.endEpoch(number);
        }

        void clearMetrics() {
            if (context instanceof TestTrialContext t) {
                t.clearMetrics();
            }
        }

        /**
         * What the engine checkpoints, in its order: the learner, each memory it opened (known only through a
         * {@link TestTrialContext}), each neuron layer that implements Checkpointable; null when the learner or
         * one of the memories does not implement it.
         */
        List<Checkpointable> checkpointedParts() {
            if (!(learner instanceof Checkpointable c)) {
                return null;
            }
            List<Checkpointable> parts = new ArrayList<>(List.of(c));
            if (context instanceof TestTrialContext t) {
                for (Memory memory : t.openedMemories()) {
                    if (!(memory instanceof Checkpointable m)) {
                        return null;
                    }
                    parts.add(m);
                }
            }
            for (int l = 0; l < network.layerCount(); l++) {
                if (network.layer(l).neurons() instanceof Checkpointable n) {
                    parts.add(n);
                }
            }
            return parts;
        }

        String partName(int index) {
            if (index == 0) {
                return "the learner";
            }
            int memories = context instanceof TestTrialContext t ? t.openedMemories().size() : 0;
            return index <= memories ? "memory " + (index - 1) : "a neuron layer";
        }
    }

    private static List<double[]> parameters(Network network) {
        List<double[]> out = new ArrayList<>();
        for (int l = 0; l < network.layerCount(); l++) {
            Layer layer = network.layer(l);
            out.add(layer.weights().clone());
            out.add(layer.bias().clone());
        }
        return out;
    }

    private static Map<String, Object> windowArrays(SlidingWindow window) {
        return Map.of("the window's inputs", window.inputs(), "the window's labels", window.labels(),
                "the window's targets", window.targets());
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = Permutations.identity(n);
        Permutations.shuffle(order, new SplittableRandom(seed));
        return order;
    }
}

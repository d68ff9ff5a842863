package org.engram.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.engram.api.PluginKind;
import org.engram.api.TrialContext;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.PluginInfo;
import org.engram.api.engine.TrialFailedException;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialSpec;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
import org.junit.jupiter.api.Test;

/**
 * Faults inside a trial: a plugin that throws, and values that turn NaN or infinite, each stop the trial with a
 * message naming the plugin or the layer, the epoch and the window, and what to do.
 */
class TrialFaultsTest {

    /** What {@link FaultyRule} does wrong once it reaches {@code epoch}, window {@code window}. */
    enum Fault { NONE, THROW, NAN_WEIGHT, INFINITE_BIAS, NAN_SIGNAL }

    /**
     * A plain delta rule on the output layer that asks memory for a signal each step (the mean activity, so a
     * real value) and then misbehaves as told at the given epoch and window.
     */
    static class FaultyRule implements LearningRule {
        private final Fault fault;
        private final int epoch;
        private final int window;

        FaultyRule(Fault fault, int epoch, int window) {
            this.fault = fault;
            this.epoch = epoch;
            this.window = window;
        }

        @Override
        public Learner create(Network net, Parameters p, TrialContext ctx) {
            Layer out = net.layer(net.layerCount() - 1);
            int[] windowsThisEpoch = {0, 0};
            MemoryTask task = new MemoryTask() {
                public int layers() {
                    return 1;
                }

                public int signalSize(int l) {
                    return out.size();
                }

                public int windowLength() {
                    return 4;
                }

                public void exactSignal(int l, Window w, double[] a, double[] o) {
                    boolean now = fault == Fault.NAN_SIGNAL && w.epoch() == epoch && windowsThisEpoch[1] == window;
                    for (int k = 0; k < out.size(); k++) {
                        o[k] = now && k == 1 ? Double.NaN : a[a.length - out.size() + k];
                    }
                }
            };
            Memory memory = ctx.openMemory(task);
            double[] signal = new double[out.size()];
            return new Learner() {
                public int windowLength() {
                    return 4;
                }

                public void learn(Window w) {
                    if (w.epoch() != windowsThisEpoch[0]) {
                        windowsThisEpoch[0] = w.epoch();
                        windowsThisEpoch[1] = 0;
                    }
                    windowsThisEpoch[1]++;
                    boolean now = w.epoch() == epoch && windowsThisEpoch[1] == window;
                    if (now && fault == Fault.THROW) {
                        throw new IllegalStateException("boom");
                    }
                    net.forward(w.inputs(), w.length());
                    memory.signal(0, w, out.activity(), signal);
                    int c = out.size();
                    for (int k = 0; k < c; k++) {
                        double d = (net.output()[(w.length() - 1) * c + k] - w.targets()[(w.length() - 1) * c + k]) * 0.1;
                        out.bias()[k] -= d;
                    }
                    if (now && fault == Fault.NAN_WEIGHT) {
                        out.weights()[3] = Double.NaN;
                    }
                    if (now && fault == Fault.INFINITE_BIAS) {
                        out.bias()[1] = Double.POSITIVE_INFINITY;
                    }
                }
            };
        }

        public String description() {
            return "misbehaves on purpose";
        }

        public List<ParameterDescriptor> parameters() {
            return List.of();
        }
    }

    /** A memory whose signal throws from the given step on. */
    static final class ThrowingMemory implements WorkingMemory {
        public Memory create(MemoryTask t, Parameters p, TrialContext c) {
            return (l, w, a, o) -> {
                throw new ArrayIndexOutOfBoundsException("memory lost its place");
            };
        }

        public String description() {
            return "throws";
        }

        public List<ParameterDescriptor> parameters() {
            return List.of();
        }
    }

    private static EngineComponent engineWith(LearningRule rule) {
        EngineComponent e = EngineComponentTest.engine();
        e.register(PluginKind.RULE, "faulty", rule, 10, 0, "test.faulty");
        return e;
    }

    private static TrialSpec faulty(int epochs) {
        return EngineComponentTest.spec("faulty", Map.of(), 2, epochs, 7);
    }

    /** Runs to the expected failure; returns its message and the epochs the listener was told of. */
    private static String failure(EngineComponent engine, TrialSpec spec, List<EpochResult> told) {
        TrialListener listener = new TrialListener() {
            @Override
            public void epochDone(EpochResult result) {
                told.add(result);
            }
        };
        return assertThrows(TrialFailedException.class, () -> engine.run(spec, listener)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
        }
    }

    @Test
    void aRuleThatThrowsMidTrialIsNamedWithItsBundleEpochAndWindow() {
        List<EpochResult> told = new ArrayList<>();
        String m = failure(engineWith(new FaultyRule(Fault.THROW, 2, 5)), faulty(3), told);

        assertMentions(m, "trial 't'", "rule faulty (test.faulty 0) threw at epoch 2, window 5 (training sample 8 of 200)",
                "IllegalStateException: boom", "report it to its author", "failure.txt");
        assertEquals(List.of(0, 1), told.stream().map(EpochResult::epoch).toList());
    }

    @Test
    void aMemoryThatThrowsIsNamedRatherThanTheRuleThatCalledIt() {
        EngineComponent engine = engineWith(new FaultyRule(Fault.NONE, 0, 0));
        engine.register(PluginKind.MEMORY, "lost", new ThrowingMemory(), 11, 0, "test.lost");
        TrialSpec spec = new TrialSpec("t", "blobs", Map.of(), faulty(1).layers(), "faulty", Map.of(), "lost", Map.of(),
                null, null, 7, 1, 0, 0);

        String m = failure(engine, spec, new ArrayList<>());

        assertMentions(m, "memory lost (test.lost 0) threw at epoch 1, window 1", "memory lost its place");
    }

    @Test
    void aNanWeightStopsTheTrialWithinAWindowNamingLayerEpochAndWindow() {
        List<EpochResult> told = new ArrayList<>();
        String m = failure(engineWith(new FaultyRule(Fault.NAN_WEIGHT, 2, 10)), faulty(3), told);

        // the weight turns NaN after window 10's forward step; window 11's forward step carries it to the logits
        assertMentions(m, "non-finite value at epoch 2, window 11", "layer 0 weights hold NaN at [1, 1]",
                "Rule faulty (test.faulty 0) drove it there", "lower its learning rate", "engram describe rule faulty",
                "the results of the epochs before epoch 2 stand");
        assertEquals(List.of(0, 1), told.stream().map(EpochResult::epoch).toList(), "the failing epoch is never reported");
    }

    @Test
    void anInfiniteBiasIsCaughtInTheNextStep() {
        String m = failure(engineWith(new FaultyRule(Fault.INFINITE_BIAS, 1, 3)), faulty(2), new ArrayList<>());

        // window 4's update subtracts an infinite error from the infinite bias: NaN by then
        assertMentions(m, "at epoch 1, window 4", "layer 0 bias holds NaN at [1]");
    }

    @Test
    void aNonFiniteModulatorySignalIsCaughtInTheStepThatMadeIt() {
        String m = failure(engineWith(new FaultyRule(Fault.NAN_SIGNAL, 2, 6)), faulty(2), new ArrayList<>());

        assertMentions(m, "non-finite value at epoch 2, window 6", "the modulatory signal ξ of layer 0 holds NaN at index 1");
    }

    @Test
    void aHealthyRunPassesEveryCheck() throws Exception {
        EngineComponent engine = engineWith(new FaultyRule(Fault.NONE, 0, 0));

        assertEquals(3, engine.run(faulty(2), TrialListener.NONE).epochs().size());
    }

    @Test
    void aPluginWhoseDescriptionOrParametersThrowIsListedWithoutHidingTheOthers() {
        EngineComponent engine = EngineComponentTest.engine();
        engine.register(PluginKind.RULE, "broken", new FaultyRule(Fault.NONE, 0, 0) {
            @Override
            public String description() {
                throw new IllegalStateException("no description");
            }

            @Override
            public List<ParameterDescriptor> parameters() {
                throw new IllegalStateException("no parameters");
            }
        }, 12, 0, "test.broken");

        List<PluginInfo> plugins = engine.plugins();
        assertEquals(7, plugins.size(), plugins.toString());
        PluginInfo broken = engine.plugin(PluginKind.RULE, "broken").orElseThrow();
        assertMentions(broken.description(), "broken", "description() threw", "parameters() threw");

        InvalidTrialException e = assertThrows(InvalidTrialException.class,
                () -> engine.validate(EngineComponentTest.spec("broken", Map.of(), 2, 1, 1)));
        assertMentions(e.getMessage(), "rule broken (test.broken 0) is broken: its parameters() threw",
                "no parameters", "update or remove its bundle");
    }

    @Test
    void twoBundlesClaimingOneNameAtEqualRankingAreRefusedNamingBoth() {
        EngineComponent engine = EngineComponentTest.engine();
        engine.register(PluginKind.RULE, "twin", new EngineComponentTest.Delta(), 20, 0, "test.twin.a");
        engine.register(PluginKind.RULE, "twin", new EngineComponentTest.Delta(), 21, 0, "test.twin.b");

        InvalidTrialException e = assertThrows(InvalidTrialException.class,
                () -> engine.validate(EngineComponentTest.spec("twin", Map.of(), 2, 1, 1)));

        assertMentions(e.getMessage(), "rule 'twin' is claimed by 2 bundles of equal service.ranking: test.twin.a 0, test.twin.b 0",
                "remove all but one of their jars from plugins/");
    }

    @Test
    void aHigherRankingSettlesAClaimToOneName() throws Exception {
        EngineComponent engine = EngineComponentTest.engine();
        engine.register(PluginKind.RULE, "twin", new EngineComponentTest.Delta(), 20, 0, "test.twin.a");
        engine.register(PluginKind.RULE, "twin", new EngineComponentTest.Delta(), 21, 5, "test.twin.b");

        engine.validate(EngineComponentTest.spec("twin", Map.of(), 2, 1, 1));
        assertTrue(engine.run(EngineComponentTest.spec("twin", Map.of(), 2, 1, 1), TrialListener.NONE).provenance()
                .get("rule").startsWith("twin (test.twin.b 0)"));
    }

    @Test
    void withoutAFrameworkTheProvenanceHasNoBundleHashes() throws Exception {
        Map<String, String> p = engineWith(new FaultyRule(Fault.NONE, 0, 0)).run(faulty(1), TrialListener.NONE).provenance();

        assertNull(p.keySet().stream().filter(k -> k.startsWith(ProvenanceBundles.PREFIX)).findFirst().orElse(null));
    }
}

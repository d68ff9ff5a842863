package org.engram.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.engram.api.Checkpointable;
import org.engram.api.PluginKind;
import org.engram.api.TrialContext;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.memory.FreezableMemory;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
import org.engram.engine.CheckpointPlugins.MemoryStore;
import org.junit.jupiter.api.Test;

/**
 * The memory schedule: a memory learns for so many epochs or windows, then runs frozen and computes no exact signal;
 * the engine alone computes it on its probe windows and reports the probe NMSE, the frozen share and the time per window.
 */
class MemoryScheduleTest {

    private static final int POINTS = 20;
    private static final int WINDOW = 4;
    /** 20 samples, window 4, stride 1: 17 learning windows per epoch. */
    private static final int WINDOWS = POINTS - WINDOW + 1;

    /** Asks the memory for ξ of its one layer at every window; its exact signal counts its calls per epoch. */
    static final class CountingRule implements LearningRule {
        /** Per epoch: the exact signals computed, in order. */
        final Map<Integer, List<double[]>> exact = new LinkedHashMap<>();
        /** Per epoch: the signals the memory returned, in order. */
        final Map<Integer, List<double[]>> returned = new LinkedHashMap<>();

        @Override
        public Learner create(Network net, Parameters p, TrialContext ctx) {
            int d = net.layer(0).size();
            Memory memory = ctx.openMemory(new MemoryTask() {
                public int layers() {
                    return 1;
                }

                public int signalSize(int l) {
                    return d;
                }

                public int windowLength() {
                    return WINDOW;
                }

                public void exactSignal(int l, Window w, double[] a, double[] o) {
                    for (int k = 0; k < d; k++) {
                        o[k] = w.inputs()[(w.length() - 1) * w.inputSize() + k % w.inputSize()] + w.step();
                    }
                    exact.computeIfAbsent(w.epoch(), e -> new ArrayList<>()).add(o.clone());
                }
            });
            return new Learner() {
                public int windowLength() {
                    return WINDOW;
                }

                public void learn(Window w) {
                    net.forward(w.inputs(), w.length());
                    double[] signal = new double[d];
                    memory.signal(0, w, net.layer(0).activity(), signal);
                    returned.computeIfAbsent(w.epoch(), e -> new ArrayList<>()).add(signal);
                }
            };
        }

        @Override
        public String description() {
            return "counts exact signals (test)";
        }

        @Override
        public List<ParameterDescriptor> parameters() {
            return List.of();
        }
    }

    /**
     * Learns by copying ξ* while learning is on, as the reservoir and LSTM call it; frozen, it answers its last copy.
     * Its copy and its switch are its checkpoint, so a trial with it resumes.
     */
    static final class CopyingMemory implements WorkingMemory, FreezableMemory {
        final List<Boolean> learningCalls = new ArrayList<>();

        @Override
        public Memory create(MemoryTask task, Parameters p, TrialContext ctx) {
            return new CopyMemory(task, learningCalls);
        }

        @Override
        public String description() {
            return "copies the exact signal while learning (test)";
        }

        @Override
        public List<ParameterDescriptor> parameters() {
            return List.of();
        }
    }

    static final class CopyMemory implements Memory, Checkpointable {
        private final MemoryTask task;
        private final List<Boolean> learningCalls;
        private final double[] last;
        private boolean learning = true;

        CopyMemory(MemoryTask task, List<Boolean> learningCalls) {
            this.task = task;
            this.learningCalls = learningCalls;
            this.last = new double[task.signalSize(0)];
        }

        public void signal(int layer, Window w, double[] activity, double[] out) {
            if (learning) {
                task.exactSignal(layer, w, activity, last);
            }
            System.arraycopy(last, 0, out, 0, last.length);
        }

        public void setLearning(boolean on) {
            learningCalls.add(on);
            learning = on;
        }

        public void writeState(DataOutput out) throws IOException {
            out.writeBoolean(learning);
            for (double v : last) {
                out.writeDouble(v);
            }
        }

        public void readState(DataInput in) throws IOException {
            learning = in.readBoolean();
            for (int k = 0; k < last.length; k++) {
                last[k] = in.readDouble();
            }
        }
    }

    private final CountingRule rule = new CountingRule();
    private final CopyingMemory copying = new CopyingMemory();

    private EngineComponent engine() {
        EngineComponent e = EngineComponentTest.engine();
        e.register(PluginKind.RULE, "counting", rule, 40);
        e.register(PluginKind.MEMORY, "copying", copying, 41);
        return e;
    }

    private static TrialSpec spec(String memory, Map<String, Object> memoryParameters, int epochs) {
        return new TrialSpec("scheduled", "blobs", Map.of("points", POINTS), List.of(new LayerSpec(2, "identity", Map.of())),
                "counting", Map.of(), memory, memoryParameters, null, null, 1, epochs, 0, 0);
    }

    private TrialResult run(String memory, Map<String, Object> memoryParameters, int epochs) throws Exception {
        return engine().run(spec(memory, memoryParameters, epochs), TrialListener.NONE);
    }

    private int exactCalls(int epoch) {
        return rule.exact.getOrDefault(epoch, List.of()).size();
    }

    @Test
    void aFrozenMemoryNeverCallsExactSignal() throws Exception {
        TrialResult r = run("copying", Map.of("learnEpochs", 1, "probeWindows", 0), 3);
        assertEquals(WINDOWS, exactCalls(1), "learning: the memory computes ξ* at every window");
        assertEquals(0, exactCalls(2), "frozen: nothing computes ξ*");
        assertEquals(0, exactCalls(3));
        assertEquals(List.of(false), copying.learningCalls, "frozen once, at the first window of epoch 2");
        assertEquals(List.of(0.0, 1.0, 1.0), metric(r, "memory_frozen").subList(1, 4));
        // frozen, it answers the last ξ* it learned at every window of the later epochs
        double[] lastLearned = rule.exact.get(1).get(WINDOWS - 1);
        rule.returned.get(3).forEach(s -> assertEquals(lastLearned[0], s[0]));
    }

    @Test
    void probesComputeTheExactSignalOnTheirWindowsOnlyAndGiveItsNmse() throws Exception {
        TrialResult r = run("copying", Map.of("learnEpochs", 1, "probeWindows", 5), 3);
        assertEquals(WINDOWS + 5, exactCalls(1), "learning: the memory's own calls plus the engine's 5 probes");
        assertEquals(5, exactCalls(2), "frozen: the engine's probes only");
        assertEquals(5, exactCalls(3));
        // epoch 1: the copy is exact, so the error is 0
        assertEquals(0.0, metric(r, "memory_nmse/0").get(1));
        // epoch 3: the memory answered its last learned copy; NMSE from the probes' targets, computed here
        List<double[]> targets = rule.exact.get(3);
        double[] answer = rule.returned.get(3).get(0);
        double error = 0;
        double spread = 0;
        for (int k = 0; k < answer.length; k++) {
            int unit = k;
            double mean = targets.stream().mapToDouble(t -> t[unit]).sum() / targets.size();
            for (double[] t : targets) {
                error += (answer[k] - t[k]) * (answer[k] - t[k]);
                spread += (t[k] - mean) * (t[k] - mean);
            }
        }
        assertEquals(error / spread, metric(r, "memory_nmse/0").get(3), 1e-12 * error / spread);
        // the constant answer's error is all offset plus the targets' own spread: offset = error − spread
        assertEquals((error - spread) / spread, metric(r, "memory_offset/0").get(3), 1e-9);
        double cosine = 0;
        for (double[] t : targets) {
            cosine += (answer[0] * t[0] + answer[1] * t[1]) / Math.hypot(answer[0], answer[1]) / Math.hypot(t[0], t[1]);
        }
        assertEquals(cosine / targets.size(), metric(r, "memory_cosine/0").get(3), 1e-12);
        assertEquals(1.0, metric(r, "memory_cosine/0").get(1), 1e-12);
        double targetSquare = targets.stream().mapToDouble(t -> t[0] * t[0] + t[1] * t[1]).sum();
        double answerSquare = targets.size() * (answer[0] * answer[0] + answer[1] * answer[1]);
        assertEquals(Math.sqrt(answerSquare / targetSquare), metric(r, "memory_gain/0").get(3), 1e-12);
        assertEquals(1.0, metric(r, "memory_gain/0").get(1), 1e-12);
        assertTrue(metric(r, "window_ms").stream().skip(1).allMatch(ms -> ms >= 0.0));
    }

    @Test
    void learnWindowsFreezesWithinAnEpoch() throws Exception {
        TrialResult r = run("copying", Map.of("learnWindows", 10, "probeWindows", 0), 2);
        assertEquals(10, exactCalls(1));
        assertEquals(0, exactCalls(2));
        assertEquals(1.0 - 10.0 / WINDOWS, metric(r, "memory_frozen").get(1), 1e-12);
    }

    @Test
    void withoutScheduleNothingIsProbedOrFrozen() throws Exception {
        TrialResult r = run("copying", Map.of(), 2);
        assertEquals(WINDOWS, exactCalls(2));
        assertTrue(copying.learningCalls.isEmpty());
        assertFalse(r.epochs().get(1).metrics().containsKey("memory_frozen"));
        assertFalse(r.provenance().containsKey("memory.schedule"));
    }

    @Test
    void theWindowCannotBeFrozen() {
        InvalidTrialException e = assertThrows(InvalidTrialException.class,
                () -> run("window", Map.of("learnEpochs", 1), 3));
        assertTrue(e.getMessage().contains("memory 'window': learnEpochs asks to freeze it, but 'window' cannot be frozen"),
                e.getMessage());
        assertTrue(e.getMessage().contains("remove learnEpochs from its section"), e.getMessage());
    }

    @Test
    void theWindowMayBeProbed() throws Exception {
        TrialResult r = run("window", Map.of("probeWindows", 3), 2);
        assertEquals(0.0, metric(r, "memory_nmse/0").get(2));
    }

    @Test
    void aFreezePointAtOrPastTheEndIsRefused() {
        InvalidTrialException e = assertThrows(InvalidTrialException.class,
                () -> run("copying", Map.of("learnEpochs", 3), 3));
        assertTrue(e.getMessage().contains("learnEpochs is 3, but the trial has only 3 epochs, so the memory would never "
                + "run frozen; set learnEpochs below epochs (e.g. 1) or raise epochs"), e.getMessage());
        e = assertThrows(InvalidTrialException.class, () -> run("copying", Map.of("learnWindows", 2 * WINDOWS), 2));
        assertTrue(e.getMessage().contains("learnWindows is 34, but the trial learns on only 34 windows (2 epochs of 17)"),
                e.getMessage());
    }

    @Test
    void aScheduleForARuleWithoutMemoryIsRefused() {
        TrialSpec spec = new TrialSpec("no-memory", "blobs", Map.of("points", POINTS), List.of(new LayerSpec(2, "identity",
                Map.of())), "recording", Map.of(), "copying", Map.of("learnEpochs", 1), null, null, 1, 2, 0, 0);
        EngineComponent e0 = engine();
        e0.register(PluginKind.RULE, "recording", new WindowStrideTest.Recording(), 43);
        InvalidTrialException e = assertThrows(InvalidTrialException.class, () -> e0.run(spec, TrialListener.NONE));
        assertTrue(e.getMessage().contains("memory 'copying': the section has a memory schedule, but rule 'recording' opens no "
                + "working memory; remove learnEpochs, learnWindows and probeWindows"), e.getMessage());
    }

    @Test
    void badScheduleValuesAreRefused() {
        InvalidTrialException e = assertThrows(InvalidTrialException.class,
                () -> run("copying", Map.of("learnEpochs", 1, "learnWindows", 5), 3));
        assertTrue(e.getMessage().contains("give either learnEpochs or learnWindows, not both"), e.getMessage());
        e = assertThrows(InvalidTrialException.class, () -> run("copying", Map.of("probeWindows", -1), 3));
        assertTrue(e.getMessage().contains("probeWindows is -1; it must be a whole number ≥ 0"), e.getMessage());
    }

    @Test
    void scheduleValuesGivenAsTextOnTheCommandLineAreRead() throws Exception {
        // engram trial -M probeWindows=5 hands the value over as the text "5"
        TrialResult r = run("copying", Map.of("learnEpochs", "1", "probeWindows", "5"), 3);
        assertEquals(5, exactCalls(2), "frozen after epoch 1: the engine's 5 probes only");
        assertEquals(List.of(0.0, 1.0, 1.0), metric(r, "memory_frozen").subList(1, 4));
        InvalidTrialException e = assertThrows(InvalidTrialException.class,
                () -> run("copying", Map.of("probeWindows", "five"), 3));
        assertTrue(e.getMessage().contains("probeWindows is five; it must be a whole number ≥ 0"), e.getMessage());
    }

    @Test
    void aTrialResumedBeforeOrAfterTheFreezeGoesOnAsIfUninterrupted() throws Exception {
        TrialSpec spec = new TrialSpec("resumable", "blobs", Map.of("points", 120),
                List.of(new LayerSpec(4, "noisy-identity", Map.of()), new LayerSpec(2, "identity", Map.of())), "momentum",
                Map.of(), "copying-state", Map.of("learnEpochs", 2, "probeWindows", 7), null, null, 5, 4, 0, 0);
        MemoryStore store = new MemoryStore();
        TrialResult full = resumable().run(spec, TrialListener.NONE, store);
        for (int from : new int[] {1, 3}) {
            TrialResult resumed = resumable().run(spec, TrialListener.NONE, new MemoryStore(store.saved.get(from)));
            assertEquals(Integer.toString(from), resumed.provenance().get("resumedFromEpoch"));
            for (String name : List.of("memory_nmse/0", "memory_frozen")) {
                assertEquals(metric(full, name), metric(resumed, name), name + ", resumed after epoch " + from);
            }
            assertEquals(full.epochs().stream().map(EpochResult::testAccuracy).toList(),
                    resumed.epochs().stream().map(EpochResult::testAccuracy).toList(), "resumed after epoch " + from);
        }
        assertEquals(List.of(0.0, 0.0, 1.0, 1.0), metric(full, "memory_frozen").subList(1, 5));
    }

    private static EngineComponent resumable() {
        EngineComponent e = CheckpointPlugins.engine(new CheckpointPlugins.MomentumRule());
        e.register(PluginKind.MEMORY, "copying-state", new CopyingMemory(), 42, 0, "test.copying");
        return e;
    }

    private static List<Double> metric(TrialResult r, String name) {
        return r.epochs().stream().map(EpochResult::metrics).map(m -> m.getOrDefault(name, Double.NaN)).toList();
    }
}

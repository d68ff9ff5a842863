package org.engram.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.TrialCheckpoints;
import org.engram.api.engine.TrialFailedException;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.engine.CheckpointPlugins.MemoryStore;
import org.engram.engine.CheckpointPlugins.MomentumRule;
import org.junit.jupiter.api.Test;

/**
 * Epoch checkpoints end to end: a trial interrupted after an epoch and resumed from its checkpoint ends with
 * the uninterrupted trial's records and state, bit for bit; checkpoints of other trials, damaged bytes and
 * plugins that cannot keep their state are refused or reported.
 */
class CheckpointerTest {

    private static final Map<String, Object> DEFAULTS = Map.of();

    private static TrialResult run(TrialSpec spec, TrialCheckpoints store) throws Exception {
        return CheckpointPlugins.engine(new MomentumRule()).run(spec, TrialListener.NONE, store);
    }

    /** Epoch, accuracies and every metric equal bit for bit; the seconds too when asked. */
    private static void assertSameEpoch(EpochResult expected, EpochResult actual, boolean seconds) {
        String where = "epoch " + expected.epoch();
        assertEquals(expected.epoch(), actual.epoch(), where);
        assertEquals(bits(expected.trainAccuracy()), bits(actual.trainAccuracy()), where + " train accuracy");
        assertEquals(bits(expected.testAccuracy()), bits(actual.testAccuracy()), where + " test accuracy");
        assertEquals(expected.metrics().keySet(), actual.metrics().keySet(), where + " metrics");
        expected.metrics().forEach((name, value) -> assertEquals(bits(value), bits(actual.metrics().get(name)),
                where + " metric " + name));
        if (seconds) {
            assertEquals(bits(expected.seconds()), bits(actual.seconds()), where + " seconds");
        }
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static TrialCheckpoint decode(byte[] bytes) throws Exception {
        return TrialCheckpoint.decode(bytes);
    }

    @Test
    void aResumedTrialEndsBitIdenticalToAnUninterruptedOne() throws Exception {
        MemoryStore uninterrupted = new MemoryStore();
        TrialResult full = run(CheckpointPlugins.spec(4, 11, DEFAULTS), uninterrupted);
        assertEquals(List.of(1, 2, 3, 4), List.copyOf(uninterrupted.saved.keySet()));

        // the run dies while keeping epoch 3's checkpoint: epoch 2's is the last one kept
        MemoryStore crashed = new MemoryStore();
        crashed.failAt = 3;
        assertThrows(TrialFailedException.class, () -> run(CheckpointPlugins.spec(4, 11, DEFAULTS), crashed));
        assertEquals(2, decode(crashed.latest).epoch());
        List<EpochResult> beforeCrash = decode(crashed.latest).results();

        crashed.failAt = -1;
        List<Integer> told = new ArrayList<>();
        MomentumRule rule = new MomentumRule();
        TrialResult resumed = CheckpointPlugins.engine(rule).run(CheckpointPlugins.spec(4, 11, DEFAULTS),
                new TrialListener() {
                    @Override
                    public void epochDone(EpochResult result) {
                        told.add(result.epoch());
                    }
                }, crashed);

        assertEquals(5, resumed.epochs().size(), "epoch 0 and the four epochs");
        for (int e = 0; e <= 4; e++) {
            assertSameEpoch(full.epochs().get(e), resumed.epochs().get(e), false);
        }
        for (int e = 0; e <= 2; e++) {
            assertSameEpoch(beforeCrash.get(e), resumed.epochs().get(e), true);
        }
        assertEquals(List.of(3, 4), told, "the listener hears of the epochs this run trains");
        assertEquals(2 * (120 - 2), rule.learnCalls, "only epochs 3 and 4 are trained");
        // the final weights, the learner's velocity, the memory's averages, the data order: the same bytes
        TrialCheckpoint a = decode(uninterrupted.saved.get(4));
        TrialCheckpoint b = decode(crashed.saved.get(4));
        assertEquals(a.parts().keySet(), b.parts().keySet());
        assertEquals(List.of("network", "data-order", "learner", "memory/0", "neuron/0"), List.copyOf(a.parts().keySet()));
        a.parts().forEach((part, bytes) -> assertArrayEquals(bytes, b.parts().get(part), "part " + part + " after epoch 4"));
        assertEquals("2", resumed.provenance().get("resumedFromEpoch"));
        assertEquals("per epoch", resumed.provenance().get("checkpoints"));
        assertNull(full.provenance().get("resumedFromEpoch"));
    }

    /**
     * Ctrl-C or SIGTERM interrupts the trial's thread: it stops at its next learning step with a stop, not a fault,
     * keeps the checkpoint of its last whole epoch, and a resume from it ends as the uninterrupted trial.
     */
    @Test
    void anInterruptedTrialStopsAtTheNextWindowKeepingItsLastCheckpoint() throws Exception {
        TrialResult full = run(CheckpointPlugins.spec(4, 11, DEFAULTS), new MemoryStore());
        MemoryStore store = new MemoryStore();
        MomentumRule rule = new MomentumRule();
        TrialListener interruptAfterEpoch2 = new TrialListener() {
            @Override
            public void epochDone(EpochResult result) {
                if (result.epoch() == 2) {
                    Thread.currentThread().interrupt();
                }
            }
        };

        TrialStoppedException stopped = assertThrows(TrialStoppedException.class, () -> CheckpointPlugins.engine(rule)
                .run(CheckpointPlugins.spec(4, 11, DEFAULTS), interruptAfterEpoch2, store));
        assertTrue(Thread.interrupted(), "the interrupt stays set for the caller");

        assertEquals("trial 'resumable' was stopped at epoch 3, window 1 because Engram is stopping; its checkpoint after "
                + "epoch 2 stays, and 'engram resume <run folder>' continues from it", stopped.getMessage());
        assertEquals(2 * (120 - 2) + 1, rule.learnCalls, "two epochs and one step of the third");
        assertEquals(2, decode(store.latest).epoch());
        TrialResult resumed = run(CheckpointPlugins.spec(4, 11, DEFAULTS), store);
        for (int e = 0; e <= 4; e++) {
            assertSameEpoch(full.epochs().get(e), resumed.epochs().get(e), false);
        }
    }

    @Test
    void keepingCheckpointsChangesNoResult() throws Exception {
        TrialResult without = run(CheckpointPlugins.spec(3, 5, DEFAULTS), TrialCheckpoints.NONE);
        TrialResult with = run(CheckpointPlugins.spec(3, 5, DEFAULTS), new MemoryStore());
        for (int e = 0; e <= 3; e++) {
            assertSameEpoch(without.epochs().get(e), with.epochs().get(e), false);
        }
        assertEquals("per epoch", without.provenance().get("checkpoints"));
    }

    @Test
    void aCheckpointOfTheLastEpochGivesTheResultWithoutTraining() throws Exception {
        MemoryStore store = new MemoryStore();
        TrialResult first = run(CheckpointPlugins.spec(2, 3, DEFAULTS), store);
        MomentumRule rule = new MomentumRule();

        TrialResult again = CheckpointPlugins.engine(rule).run(CheckpointPlugins.spec(2, 3, DEFAULTS), TrialListener.NONE, store);

        assertEquals(0, rule.learnCalls);
        for (int e = 0; e <= 2; e++) {
            assertSameEpoch(first.epochs().get(e), again.epochs().get(e), true);
        }
        assertEquals("2", again.provenance().get("resumedFromEpoch"));
    }

    @Test
    void aTrialGivenMoreEpochsContinuesFromItsLastCheckpoint() throws Exception {
        MemoryStore store = new MemoryStore();
        run(CheckpointPlugins.spec(2, 8, DEFAULTS), store);
        TrialResult extended = run(CheckpointPlugins.spec(4, 8, DEFAULTS), store);
        TrialResult straight = run(CheckpointPlugins.spec(4, 8, DEFAULTS), TrialCheckpoints.NONE);
        for (int e = 0; e <= 4; e++) {
            assertSameEpoch(straight.epochs().get(e), extended.epochs().get(e), false);
        }
        assertEquals("4", extended.provenance().get("epochs"));
    }

    @Test
    void aCheckpointAfterMoreEpochsThanTheTrialRunsIsRefused() throws Exception {
        MemoryStore store = new MemoryStore();
        run(CheckpointPlugins.spec(3, 8, DEFAULTS), store);
        InvalidTrialException e = assertThrows(InvalidTrialException.class, () -> run(CheckpointPlugins.spec(2, 8, DEFAULTS), store));
        assertTrue(e.getMessage().contains("its checkpoint is after epoch 3 with 4 epoch records, but the trial runs 2 epochs; "
                + "give the trial at least 3 epochs, or delete the checkpoint"), e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherTrialIsRefusedNamingWhatDiffers() throws Exception {
        MemoryStore store = new MemoryStore();
        run(CheckpointPlugins.spec(1, 1, DEFAULTS), store);

        InvalidTrialException e = assertThrows(InvalidTrialException.class,
                () -> run(CheckpointPlugins.spec(2, 2, Map.of("learningRate", 0.3)), store));

        String m = e.getMessage();
        assertTrue(m.contains("trial 'resumable' is invalid"), m);
        assertTrue(m.contains("its checkpoint (after epoch 1) was written by another trial: "), m);
        assertTrue(m.contains("seed was 1 in the checkpoint, is 2 now"), m);
        assertTrue(m.contains("rule was momentum (test.momentum 0) {learningRate=0.2, window=3, nanAtEpoch=0} in the "
                + "checkpoint, is momentum (test.momentum 0) {learningRate=0.3, window=3, nanAtEpoch=0} now"), m);
        assertTrue(m.contains("Delete the checkpoint to run this trial from epoch 1, or rerun the study that wrote it "
                + "(same trial, seed, data and plugin bundles) to continue it"), m);
    }

    @Test
    void otherPluginCodeIsRefusedNamingTheBundle() throws Exception {
        EngineComponent engine = CheckpointPlugins.engine(new MomentumRule());
        ResolvedTrial trial = ResolvedTrial.resolve(CheckpointPlugins.spec(2, 1, DEFAULTS), engine.registry());
        Map<String, String> then = Map.of("seed", "1", "bundle.org.engram.rule.x", "0.1.0 aaaa", "java", "17.0.1");
        Map<String, String> now = Map.of("seed", "1", "bundle.org.engram.rule.x", "0.1.0 bbbb", "java", "17.0.9");
        byte[] saved = new TrialCheckpoint(new Checkpointer(trial, TrialCheckpoints.NONE, then).fingerprint(), 1,
                List.of(new EpochResult(0, Double.NaN, 0.5, Map.of(), 0.0), new EpochResult(1, 0.6, 0.6, Map.of(), 1.0)),
                Map.of()).encode();

        InvalidTrialException e = assertThrows(InvalidTrialException.class,
                () -> new Checkpointer(trial, new MemoryStore(saved), now).latest());

        assertTrue(e.getMessage().contains("bundle.org.engram.rule.x was 0.1.0 aaaa in the checkpoint, is 0.1.0 bbbb now"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("java"), "the JVM does not fingerprint a trial: " + e.getMessage());
    }

    @Test
    void damagedTruncatedOrForeignBytesAreRefusedSayingWhy() throws Exception {
        MemoryStore store = new MemoryStore();
        run(CheckpointPlugins.spec(1, 4, DEFAULTS), store);
        byte[] good = store.latest;

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x10;
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 100);
        byte[] foreign = "{\"epoch\": 3}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] future = good.clone();
        future[11] = 9; // the format version's last byte

        assertRefused(flipped, "its checksum does not match its " + good.length + " bytes: the file is truncated or damaged");
        assertRefused(truncated, "its checksum does not match");
        assertRefused(foreign, "it holds only 12 bytes, fewer than any checkpoint");
        assertRefused(java.util.Arrays.copyOf(foreign, 40), "it is not an Engram checkpoint");
        assertRefused(future, "it is in checkpoint format 9; this engine reads format 1");
    }

    private static void assertRefused(byte[] bytes, String why) {
        InvalidTrialException e = assertThrows(InvalidTrialException.class,
                () -> run(CheckpointPlugins.spec(1, 4, DEFAULTS), new MemoryStore(bytes)));
        assertTrue(e.getMessage().contains("its checkpoint cannot be used: " + why), e.getMessage());
        assertTrue(e.getMessage().contains("Delete the checkpoint to run the trial from epoch 1"), e.getMessage());
    }

    @Test
    void aTrialWhoseLearnerIsNotCheckpointableKeepsNothingAndSaysSo() throws Exception {
        MemoryStore store = new MemoryStore();
        TrialResult r = EngineComponentTest.engine().run(EngineComponentTest.spec("delta", Map.of(), 2, 2, 1),
                TrialListener.NONE, store);

        assertTrue(store.saved.isEmpty());
        assertEquals("none (learner of rule delta (test 0) / memory window (test 0) do not implement Checkpointable): "
                + "an interrupted trial restarts from epoch 1", r.provenance().get("checkpoints"));
    }

    @Test
    void aMemoryThatIsNotCheckpointableAlsoMeansNoCheckpoint() throws Exception {
        MemoryStore store = new MemoryStore();
        TrialSpec spec = CheckpointPlugins.spec(2, 1, DEFAULTS);
        TrialSpec withPlainMemory = new TrialSpec(spec.name(), spec.dataset(), spec.datasetParameters(), spec.layers(),
                spec.rule(), spec.ruleParameters(), "window", Map.of(), null, null, 1, 2, 0, 0);

        TrialResult r = CheckpointPlugins.engine(new MomentumRule()).run(withPlainMemory, TrialListener.NONE, store);

        assertTrue(store.saved.isEmpty());
        assertEquals("none (memory window (test 0) does not implement Checkpointable): an interrupted trial restarts "
                + "from epoch 1", r.provenance().get("checkpoints"));
    }

    @Test
    void aNonFiniteEpochKeepsTheLastGoodCheckpoint() throws Exception {
        MemoryStore store = new MemoryStore();
        TrialFailedException e = assertThrows(TrialFailedException.class,
                () -> run(CheckpointPlugins.spec(4, 1, Map.of("nanAtEpoch", 3)), store));

        assertTrue(e.getMessage().contains("non-finite value at epoch 3"), e.getMessage());
        assertEquals(List.of(1, 2), List.copyOf(store.saved.keySet()));
        assertEquals(2, decode(store.latest).epoch());
    }

    @Test
    void aStoreThatCannotKeepACheckpointStopsTheTrial() throws Exception {
        MemoryStore store = new MemoryStore();
        store.failAt = 2;
        TrialFailedException e = assertThrows(TrialFailedException.class, () -> run(CheckpointPlugins.spec(3, 1, DEFAULTS), store));

        assertTrue(e.getMessage().contains("trial 'resumable': could not keep its checkpoint after epoch 2: "
                + "java.lang.IllegalStateException: no space left on device"), e.getMessage());
        assertTrue(e.getMessage().contains("the checkpoint kept last stands"), e.getMessage());
        assertEquals(1, decode(store.latest).epoch());
    }

    @Test
    void aPartWhoseReaderDisagreesWithItsWriterIsNamed() throws Exception {
        MemoryStore store = new MemoryStore();
        run(CheckpointPlugins.spec(1, 1, DEFAULTS), store);
        MomentumRule skipsTheTail = new MomentumRule() {
            @Override
            void readTail(DataInput in) {
                // leaves the last 4 bytes its writer wrote
            }
        };

        TrialFailedException e = assertThrows(TrialFailedException.class,
                () -> CheckpointPlugins.engine(skipsTheTail).run(CheckpointPlugins.spec(2, 1, DEFAULTS), TrialListener.NONE, store));

        assertTrue(e.getMessage().contains("rule momentum (test.momentum 0) failed while restoring the state of the learner "
                + "of rule momentum (test.momentum 0) from the checkpoint after epoch 1: its readState left 4 of the "), e.getMessage());
        assertTrue(e.getMessage().contains("Its writeState and readState disagree"), e.getMessage());

        MomentumRule readsTooMuch = new MomentumRule() {
            @Override
            void readTail(DataInput in) throws IOException {
                in.readLong();
            }
        };
        e = assertThrows(TrialFailedException.class,
                () -> CheckpointPlugins.engine(readsTooMuch).run(CheckpointPlugins.spec(2, 1, DEFAULTS), TrialListener.NONE, store));
        assertTrue(e.getMessage().contains("its readState read past the "), e.getMessage());
    }

    @Test
    void theFingerprintIsTheProvenanceLessWhatDoesNotChangeTheNumbers() throws Exception {
        MemoryStore store = new MemoryStore();
        TrialResult r = run(CheckpointPlugins.spec(1, 6, DEFAULTS), store);
        Map<String, String> expected = new TreeMap<>(r.provenance());
        expected.keySet().removeAll(List.of("trial", "epochs", "java", "os", "cpus", "threads", "start", "end", "checkpoints"));

        assertEquals(expected, decode(store.latest).fingerprint());
    }
}

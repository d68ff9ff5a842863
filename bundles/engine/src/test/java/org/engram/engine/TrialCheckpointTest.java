package org.engram.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.engram.api.engine.Engine;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.TrialCheckpoints;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialResult;
import org.engram.engine.CheckpointPlugins.MemoryStore;
import org.engram.engine.CheckpointPlugins.MomentumRule;
import org.junit.jupiter.api.Test;

/** The checkpoint format: what is written is read back bit for bit, a golden file of format 1 still resumes, damage is named. */
class TrialCheckpointTest {

    /**
     * The checkpoint after epoch 2 of {@code CheckpointPlugins.spec(2, 11, {})}, written when format 1 was made.
     * If this test fails, the format or the state of the test plugins changed: bump {@code TrialCheckpoint.VERSION}
     * (old checkpoints are then refused by version, not misread) and write a new golden file beside this one.
     */
    private static final String GOLDEN = "checkpoint-format-1.bin";

    @Test
    void whatIsWrittenIsReadBackBitForBit() throws Exception {
        double nan = Double.longBitsToDouble(0x7ff8_0000_0000_0123L);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("network", new byte[] {1, 2, 3});
        parts.put("learner", new byte[0]);
        parts.put("memory/0", new byte[] {-1});
        List<EpochResult> results = List.of(new EpochResult(0, Double.NaN, 0.25, Map.of(), 0.0),
                new EpochResult(1, 0.5, -0.0, Map.of("hsic_xz/0", nan, "ξ ünits", 1e-300), 12.5));
        TrialCheckpoint written = new TrialCheckpoint(Map.of("seed", "7", "rule", "ib-hebbian {γ=2}"), 1, results, parts);

        TrialCheckpoint read = TrialCheckpoint.decode(written.encode());

        assertEquals(written.fingerprint(), read.fingerprint());
        assertEquals(1, read.epoch());
        assertEquals(List.copyOf(parts.keySet()), List.copyOf(read.parts().keySet()), "parts keep their order");
        parts.forEach((name, bytes) -> assertArrayEquals(bytes, read.parts().get(name), name));
        for (int e = 0; e < results.size(); e++) {
            EpochResult a = results.get(e);
            EpochResult b = read.results().get(e);
            assertEquals(a.epoch(), b.epoch());
            assertEquals(Double.doubleToRawLongBits(a.trainAccuracy()), Double.doubleToRawLongBits(b.trainAccuracy()));
            assertEquals(Double.doubleToRawLongBits(a.testAccuracy()), Double.doubleToRawLongBits(b.testAccuracy()));
            assertEquals(Double.doubleToRawLongBits(a.seconds()), Double.doubleToRawLongBits(b.seconds()));
            assertEquals(a.metrics().keySet(), b.metrics().keySet());
            a.metrics().forEach((k, v) -> assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(b.metrics().get(k)), k));
        }
    }

    @Test
    void theGoldenCheckpointOfFormatOneIsReadAndResumed() throws Exception {
        byte[] golden;
        try (InputStream in = TrialCheckpointTest.class.getResourceAsStream(GOLDEN)) {
            golden = in.readAllBytes();
        }
        TrialCheckpoint checkpoint = TrialCheckpoint.decode(golden);
        assertEquals(2, checkpoint.epoch());
        assertEquals(List.of("network", "data-order", "learner", "memory/0", "neuron/0"), List.copyOf(checkpoint.parts().keySet()));
        assertEquals("11", checkpoint.fingerprint().get("seed"));

        TrialResult resumed = CheckpointPlugins.engine(new MomentumRule()).run(CheckpointPlugins.spec(3, 11, Map.of()),
                TrialListener.NONE, new MemoryStore(golden));
        TrialResult straight = CheckpointPlugins.engine(new MomentumRule()).run(CheckpointPlugins.spec(3, 11, Map.of()),
                TrialListener.NONE, TrialCheckpoints.NONE);

        assertEquals(checkpoint.results(), resumed.epochs().subList(0, 3), "epochs 0 to 2 come from the file");
        EpochResult expected = straight.epochs().get(3);
        EpochResult actual = resumed.epochs().get(3);
        assertEquals(Double.doubleToRawLongBits(expected.testAccuracy()), Double.doubleToRawLongBits(actual.testAccuracy()));
        assertEquals(Double.doubleToRawLongBits(expected.metrics().get("speed")),
                Double.doubleToRawLongBits(actual.metrics().get("speed")), "epoch 3 continues where the file left off");
    }

    /** A store keeps the bytes as they are; the engine tells it the epoch, or what is wrong with them. */
    @Test
    void theEngineReadsTheEpochOfItsCheckpointForAStoreAndNamesDamage() throws Exception {
        byte[] golden;
        try (InputStream in = TrialCheckpointTest.class.getResourceAsStream(GOLDEN)) {
            golden = in.readAllBytes();
        }
        Engine engine = CheckpointPlugins.engine(new MomentumRule());
        assertEquals(2, engine.checkpointEpoch(golden));

        byte[] flipped = golden.clone();
        flipped[flipped.length / 2] ^= 0x10;
        IOException e = assertThrows(IOException.class, () -> engine.checkpointEpoch(flipped));
        assertEquals("its checksum does not match its " + golden.length + " bytes: the file is truncated or damaged",
                e.getMessage());
    }

    @Test
    void aBlockLongerThanTheFileIsNamedEvenWithAMatchingChecksum() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("ENGRAMCK".getBytes(StandardCharsets.US_ASCII));
        out.writeInt(1);
        out.writeInt(3);
        block(out, "trial", new byte[] {0, 0, 0, 0});
        ByteArrayOutputStream epochs = new ByteArrayOutputStream();
        DataOutputStream e = new DataOutputStream(epochs);
        e.writeInt(0);
        e.writeInt(1);
        e.writeInt(0);
        e.writeLong(0);
        e.writeLong(0);
        e.writeLong(0);
        e.writeInt(0);
        block(out, "epochs", epochs.toByteArray());
        byte[] name = "learner".getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        out.writeInt(1000);
        out.write(new byte[10]);
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());

        TrialCheckpoint.UnreadableException x = assertThrows(TrialCheckpoint.UnreadableException.class,
                () -> TrialCheckpoint.decode(bytes.toByteArray()));
        assertEquals("block 'learner' claims 1000 bytes; only 10 remain", x.getMessage());
    }

    @Test
    void blocksOutOfOrderAreNamed() {
        byte[] bytes = new TrialCheckpoint(Map.of(), 1, List.of(new EpochResult(0, 0, 0, Map.of(), 0)), Map.of()).encode();
        // swap the first letters of the two header block names: 'trial' becomes 'erial', 'epochs' 'tpochs'
        int trial = indexOf(bytes, "trial");
        int epochs = indexOf(bytes, "epochs");
        byte t = bytes[trial];
        bytes[trial] = bytes[epochs];
        bytes[epochs] = t;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int c = (int) crc.getValue();
        bytes[bytes.length - 4] = (byte) (c >>> 24);
        bytes[bytes.length - 3] = (byte) (c >>> 16);
        bytes[bytes.length - 2] = (byte) (c >>> 8);
        bytes[bytes.length - 1] = (byte) c;

        TrialCheckpoint.UnreadableException x = assertThrows(TrialCheckpoint.UnreadableException.class,
                () -> TrialCheckpoint.decode(bytes));
        assertTrue(x.getMessage().contains("block 'erial' stands where block 'trial' belongs"), x.getMessage());
    }

    private static void block(DataOutputStream out, String name, byte[] content) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        out.writeInt(n.length);
        out.write(n);
        out.writeInt(content.length);
        out.write(content);
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i <= haystack.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(needle);
    }
}

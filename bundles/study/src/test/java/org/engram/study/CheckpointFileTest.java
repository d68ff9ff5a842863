package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint store: the engine's bytes as they are, replaced atomically; the old frame still read; damage named. */
class CheckpointFileTest {

    @TempDir
    Path trial;

    private final Path run = Path.of("runs/s-20260101-000000");

    private CheckpointFile open() throws IOException {
        return CheckpointFile.open(trial, run, AtomicFiles.DISK, FakeEngine::epochOf);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(trial)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** What the (fake) engine saves after {@code epoch}: its epoch is what the engine reads back. */
    private static byte[] state(String what, int epoch) {
        return FakeEngine.state(what, epoch);
    }

    /** A checkpoint as this store wrote it before: the engine's bytes in the frame 'ENGRAMCP'. */
    private static byte[] framed(int epoch, byte[] state) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 4 + 8 + state.length + 4);
        b.put("ENGRAMCP".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(epoch).putLong(state.length).put(state);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    @Test
    void anEmptyFolderHoldsNoCheckpoint() throws IOException {
        CheckpointFile c = open();
        assertEquals(OptionalInt.empty(), c.openedAt());
        assertEquals(Optional.empty(), c.latest());
    }

    @Test
    void aSavedStateIsReadBackWithItsEpochAndEachSaveReplacesTheLast() throws IOException {
        CheckpointFile c = open();
        c.save(1, state("after one", 1));
        c.save(2, state("after two", 2));
        assertArrayEquals(state("after two", 2), c.latest().orElseThrow());
        assertEquals(List.of(CheckpointFile.FILE), names(), "one file, no temporary one");

        CheckpointFile reopened = open();
        assertEquals(OptionalInt.of(2), reopened.openedAt());
        assertArrayEquals(state("after two", 2), reopened.latest().orElseThrow());
        assertArrayEquals(state("after two", 2), reopened.latest().orElseThrow(), "read again from the file");
    }

    @Test
    void theFileHoldsTheEnginesBytesAsTheyAre() throws IOException {
        open().save(7, state("after seven", 7));
        assertArrayEquals(state("after seven", 7), Files.readAllBytes(trial.resolve(CheckpointFile.FILE)), "no frame around them");
        assertEquals(OptionalInt.of(7), open().openedAt(), "the epoch, as the engine reads it");
    }

    @Test
    void aCheckpointInTheOldFrameIsStillReadAndTheNextSaveDropsTheFrame() throws IOException {
        Files.write(trial.resolve(CheckpointFile.FILE), framed(3, state("after three", 3)));
        CheckpointFile c = open();
        assertEquals(OptionalInt.of(3), c.openedAt());
        assertArrayEquals(state("after three", 3), c.latest().orElseThrow());
        c.save(4, state("after four", 4));
        assertArrayEquals(state("after four", 4), Files.readAllBytes(trial.resolve(CheckpointFile.FILE)));
    }

    @Test
    void aSaveThatFailsHalfWayKeepsTheCheckpointBeforeIt() throws IOException {
        open().save(1, state("after one", 1));
        // a disk that fills after a few bytes of the new file
        AtomicFiles filling = new AtomicFiles(out -> new FilterOutputStream(out) {
            private int left = 10;

            @Override
            public void write(int b) throws IOException {
                if (--left < 0) {
                    throw new IOException("No space left on device");
                }
                out.write(b);
            }
        });
        CheckpointFile c = CheckpointFile.open(trial, run, filling, FakeEngine::epochOf);
        IOException e = assertThrows(IOException.class, () -> c.save(2, new byte[1000]));
        assertTrue(e.getMessage().startsWith("cannot write " + trial.resolve(CheckpointFile.FILE) + ": the disk is full"),
                e.getMessage());
        assertTrue(e.getMessage().contains("engram resume " + run), e.getMessage());
        assertEquals(OptionalInt.of(1), open().openedAt());
        assertArrayEquals(state("after one", 1), open().latest().orElseThrow());
        assertEquals(List.of(CheckpointFile.FILE), names());
    }

    @Test
    void aTornTemporaryFileFromACrashIsIgnored() throws IOException {
        open().save(2, state("after two", 2));
        // what a crash during the next save leaves: the first bytes of a temporary file beside the checkpoint
        byte[] whole = Files.readAllBytes(trial.resolve(CheckpointFile.FILE));
        Files.write(trial.resolve("." + CheckpointFile.FILE + ".5ca1ab1e.tmp"), java.util.Arrays.copyOf(whole, 11));

        CheckpointFile c = open();
        assertEquals(OptionalInt.of(2), c.openedAt());
        assertArrayEquals(state("after two", 2), c.latest().orElseThrow());
    }

    @Test
    void aDamagedCheckpointIsNamedWithWhatIsWrongAndTheFix() throws IOException {
        Path f = trial.resolve(CheckpointFile.FILE);
        String fix = ". Delete it, then 'engram resume " + run + "' reruns this trial from its first epoch";

        // what the engine finds wrong with its own bytes, passed on with the file and the fix
        Files.writeString(f, "<html>not found</html> and then some more text");
        assertEquals("cannot read the checkpoint " + f + ": it is not an Engram checkpoint (its first bytes are not 'fake|')"
                + fix, assertThrows(IOException.class, this::open).getMessage());

        // the old frame's own checks
        byte[] good = framed(3, state("the state after epoch three", 3));
        byte[] flipped = good.clone();
        flipped[30] ^= 1;
        Files.write(f, flipped);
        assertEquals("cannot read the checkpoint " + f + ": its checksum does not match its content (the file is damaged)" + fix,
                assertThrows(IOException.class, this::open).getMessage());

        Files.write(f, java.util.Arrays.copyOf(good, good.length - 5));
        assertEquals("cannot read the checkpoint " + f + ": its header announces " + (good.length - 28) + " bytes of state but "
                + "it holds " + (good.length - 33) + " (the file is cut short or damaged)" + fix,
                assertThrows(IOException.class, this::open).getMessage());

        Files.write(f, java.util.Arrays.copyOf(good, 9));
        assertEquals("cannot read the checkpoint " + f + ": it is cut short (9 bytes; a checkpoint has at least 28)" + fix,
                assertThrows(IOException.class, this::open).getMessage());

        byte[] newer = good.clone();
        newer[11] = 2;
        Files.write(f, newer);
        assertTrue(assertThrows(IOException.class, this::open).getMessage().contains(": it has format version 2 and this "
                + "Engram reads version 1"));
    }

    @Test
    void deleteRemovesTheCheckpoint() throws IOException {
        CheckpointFile c = open();
        c.save(1, state("x", 1));
        c.delete();
        assertFalse(Files.exists(trial.resolve(CheckpointFile.FILE)));
        assertEquals(Optional.empty(), c.latest());
    }
}

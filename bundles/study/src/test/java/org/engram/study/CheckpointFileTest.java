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

class CheckpointFileTest {

    @TempDir
    Path trial;

    private final Path run = Path.of("runs/s-20260101-000000");

    private CheckpointFile open() throws IOException {
        return CheckpointFile.open(trial, run, AtomicFiles.DISK);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(trial)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
        c.save(1, bytes("after one"));
        c.save(2, bytes("after two"));
        assertArrayEquals(bytes("after two"), c.latest().orElseThrow());
        assertEquals(List.of(CheckpointFile.FILE), names(), "one file, no temporary one");

        CheckpointFile reopened = open();
        assertEquals(OptionalInt.of(2), reopened.openedAt());
        assertArrayEquals(bytes("after two"), reopened.latest().orElseThrow());
        assertArrayEquals(bytes("after two"), reopened.latest().orElseThrow(), "read again from the file");
    }

    @Test
    void theFileHasTheDocumentedLayout() throws IOException {
        open().save(7, new byte[] {1, 2, 3});
        byte[] f = Files.readAllBytes(trial.resolve(CheckpointFile.FILE));
        ByteBuffer b = ByteBuffer.wrap(f);
        assertEquals("ENGRAMCP", new String(f, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(1, b.getInt(8), "version");
        assertEquals(7, b.getInt(12), "epoch");
        assertEquals(3L, b.getLong(16), "length");
        assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOfRange(f, 24, 27));
        CRC32 crc = new CRC32();
        crc.update(f, 0, 27);
        assertEquals((int) crc.getValue(), b.getInt(27));
        assertEquals(31, f.length);
    }

    @Test
    void aSaveThatFailsHalfWayKeepsTheCheckpointBeforeIt() throws IOException {
        open().save(1, bytes("after one"));
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
        CheckpointFile c = CheckpointFile.open(trial, run, filling);
        IOException e = assertThrows(IOException.class, () -> c.save(2, new byte[1000]));
        assertTrue(e.getMessage().startsWith("cannot write " + trial.resolve(CheckpointFile.FILE) + ": the disk is full"),
                e.getMessage());
        assertTrue(e.getMessage().contains("engram resume " + run), e.getMessage());
        assertEquals(OptionalInt.of(1), open().openedAt());
        assertArrayEquals(bytes("after one"), open().latest().orElseThrow());
        assertEquals(List.of(CheckpointFile.FILE), names());
    }

    @Test
    void aTornTemporaryFileFromACrashIsIgnored() throws IOException {
        open().save(2, bytes("after two"));
        // what a crash during the next save leaves: the first bytes of a temporary file beside the checkpoint
        byte[] whole = Files.readAllBytes(trial.resolve(CheckpointFile.FILE));
        Files.write(trial.resolve("." + CheckpointFile.FILE + ".5ca1ab1e.tmp"), java.util.Arrays.copyOf(whole, 11));

        CheckpointFile c = open();
        assertEquals(OptionalInt.of(2), c.openedAt());
        assertArrayEquals(bytes("after two"), c.latest().orElseThrow());
    }

    @Test
    void aDamagedCheckpointIsNamedWithWhatIsWrongAndTheFix() throws IOException {
        open().save(3, bytes("the state after epoch three"));
        Path f = trial.resolve(CheckpointFile.FILE);
        byte[] good = Files.readAllBytes(f);
        String fix = ". Delete it, then 'engram resume " + run + "' reruns this trial from its first epoch";

        byte[] flipped = good.clone();
        flipped[30] ^= 1;
        Files.write(f, flipped);
        assertEquals("cannot read the checkpoint " + f + ": its checksum does not match its content (the file is damaged)" + fix,
                assertThrows(IOException.class, this::open).getMessage());

        Files.write(f, java.util.Arrays.copyOf(good, good.length - 5));
        assertEquals("cannot read the checkpoint " + f + ": its header announces 27 bytes of state but it holds 22 "
                + "(the file is cut short or damaged)" + fix, assertThrows(IOException.class, this::open).getMessage());

        Files.write(f, java.util.Arrays.copyOf(good, 9));
        assertEquals("cannot read the checkpoint " + f + ": it is cut short (9 bytes; a checkpoint has at least 28)" + fix,
                assertThrows(IOException.class, this::open).getMessage());

        Files.writeString(f, "<html>not found</html> and then some more text");
        assertEquals("cannot read the checkpoint " + f + ": it is not an Engram checkpoint (it does not start with ENGRAMCP)"
                + fix, assertThrows(IOException.class, this::open).getMessage());

        byte[] newer = good.clone();
        newer[11] = 2;
        Files.write(f, newer);
        assertTrue(assertThrows(IOException.class, this::open).getMessage().contains(": it has format version 2 and this "
                + "Engram reads version 1"));
    }

    @Test
    void deleteRemovesTheCheckpoint() throws IOException {
        CheckpointFile c = open();
        c.save(1, bytes("x"));
        c.delete();
        assertFalse(Files.exists(trial.resolve(CheckpointFile.FILE)));
        assertEquals(Optional.empty(), c.latest());
    }
}

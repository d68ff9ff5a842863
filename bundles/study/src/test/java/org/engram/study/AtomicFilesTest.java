package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeReplacesTheContentAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("summary.csv");
        AtomicFiles.DISK.write(f, "old\n");
        AtomicFiles.DISK.write(f, "new\n");
        assertEquals("new\n", Files.readString(f));
        assertEquals(List.of("summary.csv"), names());
    }

    @Test
    void aWriteThatFailsHalfWayKeepsTheOldContentAndRemovesItsTemporaryFile() throws IOException {
        Path f = dir.resolve("metrics.csv");
        AtomicFiles.DISK.write(f, "epoch\n0\n");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.DISK.write(f, out -> {
            out.write("epoch\n0\n1\n".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("epoch\n0\n", Files.readString(f));
        assertEquals(List.of("metrics.csv"), names());
    }

    @Test
    void theTemporaryFileLivesBesideTheTargetUntilTheRename() throws IOException {
        Path f = dir.resolve("DONE");
        AtomicFiles.DISK.write(f, out -> {
            List<String> during = names();
            assertEquals(1, during.size());
            assertEquals(true, during.get(0).startsWith(".DONE.") && during.get(0).endsWith(".tmp"), during.toString());
        });
        assertEquals(List.of("DONE"), names());
        assertEquals(0, Files.size(f));
    }

    @Test
    void theTemporaryFilesOfAKilledWriteAreRemovedAndNothingElse() throws IOException {
        // what kill -9 in the middle of a write leaves: the target whole, the temporary file beside it
        AtomicFiles.DISK.write(dir.resolve("report.html"), "<html>\n");
        Files.writeString(dir.resolve(".report.html.3fa9c01d2e4b5a67.tmp"), "<ht");
        Files.writeString(dir.resolve(".summary.csv.1.tmp"), "group");
        Files.writeString(dir.resolve("notes.tmp"), "a user's file");
        Files.writeString(dir.resolve(".hidden"), "a user's file");

        AtomicFiles.removeLeftovers(dir);

        assertEquals(List.of(".hidden", "notes.tmp", "report.html"), names());
    }
}

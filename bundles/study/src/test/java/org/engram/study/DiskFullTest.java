package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.engram.api.study.Study;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up during a run, simulated by a write hook with a byte budget shared by every file (what a
 * tiny file system would do, without needing root to mount one), and folders that cannot be written: the run
 * stops with a message naming the file, the cause and the fix, and nothing written before is damaged.
 */
class DiskFullTest {

    private static final String STUDY = """
            study: full
            epochs: 3
            seeds: [1, 2]
            parallel: 1
            defaults:
              dataset: xor
              network: [{size: 4, neuron: relu-layernorm}, {size: 2, neuron: linear}]
              rule: {name: ib-hebbian, gamma: 2}
            trials:
              - name: ib
              - name: bp
                rule: backprop
            """;

    @TempDir
    Path root;

    /** Counts the bytes written; once {@code budget} is spent every write fails as ENOSPC does. */
    private static final class Disk {
        final AtomicLong budget;
        final AtomicLong written = new AtomicLong();

        Disk(long budget) {
            this.budget = new AtomicLong(budget);
        }

        AtomicFiles files() {
            return new AtomicFiles(out -> new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (budget.addAndGet(-len) < 0) {
                        budget.set(0);
                        throw new IOException("No space left on device");
                    }
                    written.addAndGet(len);
                    out.write(b, off, len);
                }
            });
        }
    }

    private StudyComponent service(AtomicFiles files) {
        return new StudyComponent(new FakeEngine(), Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC),
                () -> Optional.of(StudyComponentTest.GIT), files);
    }

    private static Map<String, byte[]> snapshot(Path folder) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static void assertSame(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet());
        before.forEach((file, bytes) -> assertArrayEquals(bytes, after.get(file), file));
    }

    @Test
    void aDiskThatFillsDuringARunStopsItNamingTheFileAndTheResumeAndDamagesNothing() throws Exception {
        // an earlier run, and how many bytes a whole run writes
        Disk unlimited = new Disk(Long.MAX_VALUE);
        Path earlier = service(unlimited.files()).run(service(AtomicFiles.DISK).parse(STUDY, "full.yaml"),
                root.resolve("earlier"), StudyListener.NONE).folder();
        Map<String, byte[]> earlierFiles = snapshot(earlier);
        long studyFiles = Files.size(earlier.resolve("study.yaml")) + Files.size(earlier.resolve("resolved.yaml"));
        long trialFiles = unlimited.written.get() - studyFiles - Files.size(earlier.resolve("summary.csv"))
                - Files.size(earlier.resolve("accuracy.png")) - Files.size(earlier.resolve("metrics.png"));

        // room for the study's files and about half of what the trials write
        Disk half = new Disk(studyFiles + trialFiles / 2);
        StudyComponent filling = service(half.files());
        Study study = filling.parse(STUDY, "full.yaml");
        IOException e = assertThrows(IOException.class, () -> filling.run(study, root.resolve("runs"), StudyListener.NONE));

        Path folder = root.resolve("runs/full-20260102-030405");
        String m = e.getMessage();
        assertTrue(m.startsWith("cannot write " + folder.resolve("failures.txt") + ": the disk is full (No space left on device). "
                + "Free some space or use a folder on another disk, then finish the run with: engram resume " + folder), m);
        assertSame(earlierFiles, snapshot(earlier));
        List<String> done = study.trials().stream().map(t -> t.id()).filter(id -> Files.exists(folder.resolve(id).resolve("DONE")))
                .toList();
        assertFalse(done.isEmpty(), "the space is enough for some trials");
        assertTrue(done.size() < study.trials().size(), "and not for all");
        for (String id : done) {
            assertArrayEquals(earlierFiles.get(id + "/metrics.csv"), Files.readAllBytes(folder.resolve(id + "/metrics.csv")), id);
        }
        try (Stream<Path> all = Files.walk(folder)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "no temporary files");
        }

        // space again: the resume finishes the run, which then equals the uninterrupted one
        StudyOutcome resumed = service(AtomicFiles.DISK).resume(folder, StudyListener.NONE);
        assertTrue(resumed.succeeded(), resumed.toString());
        assertEquals(done, resumed.skipped());
        assertArrayEquals(earlierFiles.get("summary.csv"), Files.readAllBytes(folder.resolve("summary.csv")));
    }

    @Test
    void aTrialWhoseMetricsCannotBeWrittenFailsWithTheCause() throws Exception {
        // enough for study.yaml, resolved.yaml and the first trial's first metrics.csv only
        Disk disk = new Disk(Long.MAX_VALUE);
        StudyComponent measuring = service(disk.files());
        Study study = measuring.parse(STUDY.replace("seeds: [1, 2]", "seed: 1").replace("  - name: bp\n    rule: backprop\n", ""),
                "full.yaml");
        measuring.run(study, root.resolve("measure"), StudyListener.NONE);
        long upToFirstEpoch = Files.size(root.resolve("measure/full-20260102-030405/study.yaml"))
                + Files.size(root.resolve("measure/full-20260102-030405/resolved.yaml")) + 60;

        String[] reason = new String[1];
        IOException e = assertThrows(IOException.class, () -> service(new Disk(upToFirstEpoch).files()).run(study,
                root.resolve("runs"), new StudyListener() {
                    @Override
                    public void trialFailed(org.engram.api.study.StudyTrial trial, String why) {
                        reason[0] = why;
                    }
                }));

        assertTrue(reason[0].startsWith("cannot write " + root.resolve("runs/full-20260102-030405/ib_seed=1/metrics.csv")
                + ": the disk is full"), reason[0]);
        assertTrue(e.getMessage().contains("engram resume"), e.getMessage());
    }

    @Test
    void aFullDiskAtTheStartLeavesNoHalfMadeRunFolder() throws Exception {
        StudyComponent full = service(new Disk(10).files());
        Study study = full.parse(STUDY, "full.yaml");

        IOException e = assertThrows(IOException.class, () -> full.run(study, root.resolve("runs"), StudyListener.NONE));

        assertEquals("cannot create a run folder in " + root.resolve("runs") + ": the disk is full (No space left on device); "
                + "free some space or use a folder on another disk (engram run --runs DIR picks the runs folder)", e.getMessage());
        try (Stream<Path> left = Files.list(root.resolve("runs"))) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aRunsFolderThatIsAFileIsNamedAsSuch() throws Exception {
        Path file = Files.writeString(root.resolve("runs"), "a file");
        StudyComponent service = service(AtomicFiles.DISK);

        IOException e = assertThrows(IOException.class,
                () -> service.run(service.parse(STUDY, "full.yaml"), file.resolve("sub"), StudyListener.NONE));

        assertEquals("cannot create a run folder in " + file.resolve("sub") + ": " + file + " is a file, not a folder; use a folder "
                + "(engram run --runs DIR picks the runs folder)", e.getMessage());
        assertEquals("a file", Files.readString(file));
    }

    @Test
    void permissionDeniedAndReadOnlyAreSaidInWords() {
        Path runs = Path.of("/srv/runs");
        assertEquals("cannot create a run folder in /srv/runs: permission denied on /srv/runs; use a folder you may write to "
                + "(engram run --runs DIR picks the runs folder)",
                WriteFailures.cannotCreateRunFolder(runs, new AccessDeniedException("/srv/runs")).getMessage());
        assertTrue(WriteFailures.cannotWrite(runs.resolve("s/summary.csv"), runs.resolve("s"),
                new java.nio.file.FileSystemException("/srv/runs/s/.summary.csv.1.tmp", null, "Read-only file system"))
                .getMessage().startsWith("cannot write /srv/runs/s/summary.csv: the file system is read-only. Use a writable folder"));
    }
}

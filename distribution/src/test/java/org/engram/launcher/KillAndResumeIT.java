package org.engram.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code engram run} killed with SIGKILL in the middle of a study (no shutdown hook, no finally block runs)
 * and then resumed ends with the same files as a run that was never interrupted: the trials finished before the
 * kill are kept as they were, the one cut short continues from its last epoch's checkpoint (or reruns from
 * scratch when it had none yet), and no half-written file is left.
 */
class KillAndResumeIT {

    private static final Path DIST = Path.of(System.getProperty("engram.dist.dir", "target/engram")).toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 240;
    private static final String STUDY = """
            study: killed
            epochs: 1
            trainLimit: 400
            seeds: [1, 2, 3, 4]
            parallel: 1
            defaults:
              dataset: xor
              network: [{size: 10, neuron: relu-layernorm}, {size: 2, neuron: linear}]
              rule: ib-hebbian
            """;

    /**
     * One trial of five epochs, each long enough (about a second) to kill the run between two checkpoints. One
     * parameter per plugin at most: the engine's record of several is in an order that may change from one JVM to
     * the next, which would make the provenance files differ (and the engine refuse the checkpoint).
     */
    private static final String LONG_TRIAL = """
            study: cut
            epochs: 5
            seed: 1
            parallel: 1
            defaults:
              dataset: {name: linear-2021, points: 20000}
              network: [{size: 64, neuron: relu-layernorm}, {size: 2, neuron: linear}]
              rule: ib-hebbian
            """;

    @TempDir
    Path work;

    private record Result(int exitCode, String out, String err) {
    }

    @Test
    void aStudyKilledMidRunAndResumedEqualsAnUninterruptedRun() throws Exception {
        Files.writeString(work.resolve("killed.yaml"), STUDY);
        Result whole = engram("run", "killed.yaml", "--runs", "whole", "-q");
        assertEquals(0, whole.exitCode(), whole.err());
        Path uninterrupted = onlyFolder(work.resolve("whole"));

        Process run = new ProcessBuilder(DIST.resolve("bin/engram").toString(), "run", "killed.yaml", "--runs", "killed", "-q")
                .directory(work.toFile()).redirectOutput(work.resolve("killed.out").toFile())
                .redirectError(work.resolve("killed.err").toFile()).start();
        Path folder = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline && run.isAlive()) {
            if (Files.isDirectory(work.resolve("killed"))) {
                try (Stream<Path> runs = Files.list(work.resolve("killed"))) {
                    folder = runs.findFirst().orElse(null);
                }
            }
            if (folder != null && done(folder).size() >= 1) {
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(run.isAlive(), "the run ended before a trial was done: " + Files.readString(work.resolve("killed.err")));
        // bin/engram execs java, so this is the JVM itself: SIGKILL, no shutdown hook runs
        run.destroyForcibly();
        run.waitFor(60, TimeUnit.SECONDS);
        List<String> doneAtKill = done(folder);
        assertTrue(doneAtKill.size() >= 1 && doneAtKill.size() < 4, "killed with " + doneAtKill + " done");
        Map<String, byte[]> doneFilesAtKill = new TreeMap<>();
        for (String id : doneAtKill) {
            doneFilesAtKill.putAll(snapshot(folder, folder.resolve(id)));
        }

        System.out.printf("kill and resume: killed with %d of 4 trials done%n", doneAtKill.size());
        Result resumed = engram("resume", folder.toString(), "-q");

        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("study killed: 4 of 4 trials done (" + doneAtKill.size() + " before this resume)"),
                resumed.out());
        Map<String, byte[]> after = snapshot(folder, folder);
        doneFilesAtKill.forEach((file, bytes) -> assertArrayEquals(bytes, after.get(file), "kept as it was: " + file));
        Map<String, byte[]> expected = snapshot(uninterrupted, uninterrupted);
        assertEquals(expected.keySet(), after.keySet(), "the same files, and no temporary one");
        for (String file : expected.keySet()) {
            if (file.endsWith("provenance.json")) {
                // the trial cut short may have been killed after its checkpoint: then it says where it continued
                assertEquals(withoutTimes(expected.get(file)), withoutTimes(after.get(file)), file);
            } else if (file.endsWith("metrics.csv")) {
                assertEquals(withoutSeconds(expected.get(file)), withoutSeconds(after.get(file)), file);
            } else if (file.equals("report.html")) {
                // a page for people: it says when it was written and how long epochs took; its numbers come from
                // the files compared here
                assertTrue(new String(after.get(file), java.nio.charset.StandardCharsets.UTF_8).contains("killed"), file);
            } else {
                assertArrayEquals(expected.get(file), after.get(file), file);
            }
        }
    }

    /**
     * A trial killed in the middle, once its checkpoint of epoch 2 (or later) is on disk, continues after that
     * epoch on resume: its provenance says so, the rows of the epochs before are kept as they were (their wall-clock
     * seconds included, which a rerun could not reproduce), and every other cell of metrics.csv equals an
     * uninterrupted run's. Needs an engine that checkpoints and a rule and memory whose state it can save.
     */
    @Test
    void aTrialKilledAfterItsSecondEpochContinuesFromItsCheckpointAndEndsAsAnUninterruptedRun() throws Exception {
        Files.writeString(work.resolve("cut.yaml"), LONG_TRIAL);
        Result whole = engram("run", "cut.yaml", "--runs", "whole", "-q");
        assertEquals(0, whole.exitCode(), whole.err());
        Path uninterrupted = onlyFolder(work.resolve("whole"));
        String id = "cut_seed=1";

        Process run = new ProcessBuilder(DIST.resolve("bin/engram").toString(), "run", "cut.yaml", "--runs", "killed", "-q")
                .directory(work.toFile()).redirectOutput(work.resolve("cut.out").toFile())
                .redirectError(work.resolve("cut.err").toFile()).start();
        Path trial = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline && run.isAlive()) {
            if (trial == null && Files.isDirectory(work.resolve("killed"))) {
                try (Stream<Path> runs = Files.list(work.resolve("killed"))) {
                    trial = runs.findFirst().map(f -> f.resolve(id)).orElse(null);
                }
            }
            if (trial != null && CheckpointHeader.epoch(trial) >= 2) {
                break;
            }
            Thread.sleep(5);
        }
        assertTrue(run.isAlive(), "the trial ended before its checkpoint of epoch 2 was seen (does the engine checkpoint "
                + "it? the uninterrupted run's provenance says: " + checkpointsEntry(uninterrupted.resolve(id)) + "): "
                + Files.readString(work.resolve("cut.err")));
        run.destroyForcibly();
        run.waitFor(60, TimeUnit.SECONDS);
        Path folder = trial.getParent();
        int killedAfter = CheckpointHeader.epoch(trial);
        assertTrue(killedAfter >= 2 && killedAfter < 5, "killed after epoch " + killedAfter);
        assertFalse(Files.exists(trial.resolve("DONE")), "killed before the trial was done");
        List<String> rowsAtKill = Files.readAllLines(trial.resolve("metrics.csv")).subList(0, killedAfter + 2);
        System.out.printf("kill and resume: trial killed with its checkpoint of epoch %d of 5%n", killedAfter);

        Result resumed = engram("resume", folder.toString(), "-q");

        assertEquals(0, resumed.exitCode(), resumed.err());
        String provenance = Files.readString(trial.resolve("provenance.json"));
        assertTrue(provenance.contains("\"resumedFromEpoch\": \"" + killedAfter + "\""),
                "continued after epoch " + killedAfter + ", not from epoch 1: " + provenance);
        List<String> metrics = Files.readAllLines(trial.resolve("metrics.csv"));
        assertEquals(rowsAtKill, metrics.subList(0, killedAfter + 2), "the epochs before the checkpoint, kept byte for byte");
        byte[] expectedMetrics = Files.readAllBytes(uninterrupted.resolve(id).resolve("metrics.csv"));
        assertEquals(withoutSeconds(expectedMetrics), withoutSeconds(Files.readAllBytes(trial.resolve("metrics.csv"))),
                "every epoch's metrics as in the uninterrupted run, each once");
        Map<String, byte[]> expected = snapshot(uninterrupted, uninterrupted);
        Map<String, byte[]> after = snapshot(folder, folder);
        assertEquals(expected.keySet(), after.keySet(), "the same files: no checkpoint and no temporary file left");
        assertEquals(withoutTimes(expected.get(id + "/provenance.json")), withoutTimes(after.get(id + "/provenance.json")));
        for (String file : List.of("study.yaml", "resolved.yaml")) {
            assertArrayEquals(expected.get(file), after.get(file), file);
        }
    }

    /** What the engine said of checkpointing a trial, from its provenance. */
    private static String checkpointsEntry(Path trial) throws IOException {
        return Files.readString(trial.resolve("provenance.json")).lines().filter(l -> l.contains("\"checkpoints\""))
                .findFirst().orElse("(no checkpoints entry)").trim();
    }

    /** Ids of the trials with a DONE marker. */
    private static List<String> done(Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> trials = Files.list(folder)) {
            for (Path t : trials.filter(Files::isDirectory).toList()) {
                if (Files.exists(t.resolve("DONE"))) {
                    out.add(t.getFileName().toString());
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static Path onlyFolder(Path runs) throws IOException {
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> all = s.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    /** Every file under {@code dir}, keyed by its path relative to {@code base}. */
    private static Map<String, byte[]> snapshot(Path base, Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(base.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** A metrics file without its fourth column, the wall-clock seconds of each epoch. */
    private static List<String> withoutSeconds(byte[] metrics) {
        return new String(metrics, StandardCharsets.UTF_8).lines().map(l -> l.replaceFirst("^([^,]*,[^,]*,[^,]*),[^,]*", "$1"))
                .toList();
    }

    /**
     * A provenance file without the engine's start and end times, the only things that differ between runs, and
     * without the note of the epoch a resumed trial continued from.
     */
    private static String withoutTimes(byte[] provenance) {
        return new String(provenance, StandardCharsets.UTF_8).replaceAll("(?m)^[ \\t]*\"(start|end|resumedFromEpoch)\": .*\\R", "");
    }

    private Result engram(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DIST.resolve("bin/engram").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " still running after " + TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}

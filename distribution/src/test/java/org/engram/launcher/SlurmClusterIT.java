package org.engram.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Studies on a real Slurm cluster: a controller and two compute nodes started on this machine by
 * {@code cluster/start-cluster.sh} (Debian's slurm-wlm and munge, each daemon in its own network namespace, nothing
 * leaves the machine). A study submitted with {@code engram submit --slurm} must give, trial for trial, the metrics
 * of the same study run locally with {@code engram run}, also when a compute node dies in the middle of a trial: Slurm
 * requeues its task, which continues the trial from its last epoch checkpoint.
 *
 * <p>Starting the cluster needs root (network namespaces, a bridge, its own munged). Without root, or if the cluster
 * does not come up, the test fails with the script's output: it never skips.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlurmClusterIT {

    private static final Path DIST = Path.of(System.getProperty("engram.dist.dir", "target/engram")).toAbsolutePath();
    private static final Path CLUSTER = Path.of(System.getProperty("engram.cluster.dir", "../cluster")).toAbsolutePath()
            .normalize();
    private static final Path STATE = Path.of(System.getProperty("engram.slurm.state", "target/slurm-state")).toAbsolutePath()
            .normalize();
    /** Where the runs go: a folder every node sees, kept after the build for a look at what happened. */
    private static final Path WORK = Path.of(System.getProperty("engram.slurm.work", "target/slurm-it")).toAbsolutePath()
            .normalize();
    private static final long COMMAND_SECONDS = 240;

    /** Four short trials: one task each, over two nodes with one CPU each. */
    private static final String SMALL = """
            study: small
            epochs: 2
            trainLimit: 400
            seeds: [1, 2, 3, 4]
            parallel: 2
            defaults:
              dataset: xor
              network: [{size: 10, neuron: relu-layernorm}, {size: 2, neuron: linear}]
              rule: ib-hebbian
            """;

    /** Two trials of five epochs of a few seconds each: long enough to kill a node between two checkpoints. */
    private static final String LONG = """
            study: long
            epochs: 5
            seeds: [1, 2]
            parallel: 2
            defaults:
              dataset: {name: linear-2021, points: 140000}
              network: [{size: 64, neuron: relu-layernorm}, {size: 2, neuron: linear}]
              rule: ib-hebbian
            """;

    private record Result(int exitCode, String out, String err) {
        String both() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    @BeforeAll
    static void startTheCluster() throws Exception {
        Result id = run(List.of("id", "-u"), Map.of(), 10);
        if (!id.out().strip().equals("0")) {
            fail("SlurmClusterIT starts a Slurm cluster on this machine (network namespaces, a bridge, its own munged) "
                    + "and needs root; run the build as root, as .ci/run does. id -u says: " + id.out().strip());
        }
        Result started = run(List.of(CLUSTER.resolve("start-cluster.sh").toString(), "--nodes", "2", "--state",
                STATE.toString(), "--timeout", "90"), Map.of(), 300);
        if (started.exitCode() != 0) {
            fail("cluster/start-cluster.sh failed, so there is no cluster to test on:\n" + started.both());
        }
        deleteTree(WORK);
        Files.createDirectories(WORK);
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        Result stopped = run(List.of(CLUSTER.resolve("stop-cluster.sh").toString(), "--state", STATE.toString(), "--purge"),
                Map.of(), 120);
        if (stopped.exitCode() != 0) {
            System.err.println("SlurmClusterIT: cluster/stop-cluster.sh failed:\n" + stopped.both());
        }
    }

    @Test
    @Order(1)
    void aStudySubmittedToSlurmGivesTheMetricsOfALocalRunTrialForTrial() throws Exception {
        Path work = Files.createDirectories(WORK.resolve("small"));
        Files.writeString(work.resolve("small.yaml"), SMALL);
        Path local = localRun(work, "small.yaml");

        long submitted = System.nanoTime();
        Result submit = engram(work, "submit", "small.yaml", "--slurm", "--partition", "debug", "--runs", "slurm");
        assertEquals(0, submit.exitCode(), submit.both());
        String arrayId = jobId(submit.out(), "as job array (\\d+)");
        String collectId = jobId(submit.out(), "then job (\\d+) to collect");
        Path folder = onlyFolder(work.resolve("slurm"));

        String status = awaitTrialsEnded(work, folder, 4, 180);
        double allDone = seconds(submitted);
        awaitCollected(folder, collectId, 60);
        double collected = seconds(submitted);
        System.out.printf("SlurmClusterIT: 4 trials submitted -> all done %.1f s, -> summary by the collect job %.1f s%n",
                allDone, collected);

        assertTrue(status.contains("4 trials: 4 done\n"), status);
        assertSameResults(local, folder, List.of("small_seed=1", "small_seed=2", "small_seed=3", "small_seed=4"));
        List<String> nodes = new ArrayList<>();
        for (String line : jobCompletions()) {
            Matcher m = Pattern.compile("ArrayJobId=" + arrayId + " .*").matcher(line);
            if (m.find() && line.contains("JobState=COMPLETED")) {
                nodes.add(field(line, "NodeList"));
            }
        }
        assertEquals(4, nodes.size(), "every array task completed: " + nodes);
        assertTrue(nodes.contains("node1") && nodes.contains("node2"), "the tasks ran on both nodes: " + nodes);
    }

    @Test
    @Order(2)
    void aNodeKilledInTheMiddleOfATrialHasItsTaskRequeuedAndTheTrialContinuesFromItsCheckpoint() throws Exception {
        Path work = Files.createDirectories(WORK.resolve("long"));
        Files.writeString(work.resolve("long.yaml"), LONG);
        Path local = localRun(work, "long.yaml");

        long submittedAt = System.nanoTime();
        Result submit = engram(work, "submit", "long.yaml", "--slurm", "--partition", "debug", "--runs", "slurm");
        assertEquals(0, submit.exitCode(), submit.both());
        String arrayId = jobId(submit.out(), "as job array (\\d+)");
        String collectId = jobId(submit.out(), "then job (\\d+) to collect");
        Path folder = onlyFolder(work.resolve("slurm"));

        // a trial on node1 that has checkpointed an epoch, and is not done yet
        Path trial = null;
        int checkpointed = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (trial == null && System.nanoTime() < deadline) {
            for (String id : List.of("long_seed=1", "long_seed=2")) {
                Path t = folder.resolve(id);
                if (marker(t).contains("host=node1\n") && CheckpointHeader.epoch(t) >= 1 && CheckpointHeader.epoch(t) < 4) {
                    trial = t;
                    checkpointed = CheckpointHeader.epoch(t);
                }
            }
            Thread.sleep(200);
        }
        assertTrue(trial != null, "no trial on node1 checkpointed an epoch within 150 s\n" + diagnostics(folder));
        String task = field(marker(trial).replace('\n', ' '), "slurmArrayTaskId");
        double runningAt = seconds(submittedAt);

        long killedAt = System.nanoTime();
        Result kill = run(List.of(CLUSTER.resolve("kill-node.sh").toString(), "node1", "--state", STATE.toString()), Map.of(), 60);
        assertEquals(0, kill.exitCode(), kill.both());

        // Slurm notices the dead node and requeues the task
        Path killed = trial;
        boolean requeued = false;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!requeued && System.nanoTime() < deadline) {
            // pending again, or (if this poll came late) already started again
            requeued = squeue(arrayId).stream().anyMatch(l -> l.startsWith(task + "|PENDING") || l.startsWith(task + "|REQUEUED"))
                    || marker(killed).contains("slurmRestartCount=1");
            Thread.sleep(500);
        }
        assertTrue(requeued, "task " + task + " was not requeued within 90 s of the kill\n" + diagnostics(folder));
        double requeuedAfter = seconds(killedAt);
        Result status = engram(work, "status", folder.toString());
        String row = status.out().lines().filter(l -> l.contains(" " + killed.getFileName() + " ")).findFirst().orElse("");
        assertTrue(row.matches(".*queued .*requeued after running on node1.*") || row.matches(".*running .*\\(requeued 1x\\).*"),
                "status tells the requeued trial: " + status.both());
        Result restart = run(List.of(CLUSTER.resolve("restart-node.sh").toString(), "node1", "--state", STATE.toString()),
                Map.of(), 120);
        assertEquals(0, restart.exitCode(), restart.both());

        String ended = awaitTrialsEnded(work, folder, 2, 240);
        double done = seconds(killedAt);
        awaitCollected(folder, collectId, 60);
        double collected = seconds(killedAt);
        System.out.printf("SlurmClusterIT: node1 killed %.1f s after submit, with %s's checkpoint of epoch %d; task %s requeued "
                + "%.1f s after the kill, all trials done %.1f s after it, summary %.1f s after it%n", runningAt,
                trial.getFileName(), checkpointed, task, requeuedAfter, done, collected);

        assertTrue(ended.contains("2 trials: 2 done\n"), ended);
        String provenance = Files.readString(trial.resolve("provenance.json"));
        Matcher resumed = Pattern.compile("\"resumedFromEpoch\": \"(\\d+)\"").matcher(provenance);
        assertTrue(resumed.find(), "the requeued task continued the trial from its checkpoint: " + provenance);
        int from = Integer.parseInt(resumed.group(1));
        assertTrue(from >= checkpointed && from < 5, "continued after epoch " + from + ", checkpointed " + checkpointed);
        String log = Files.readString(folder.resolve("slurm/logs/" + arrayId + "_" + task + ".out"));
        assertTrue(log.contains("(restart 0) on node1") && log.contains("(restart 1) on node"), log);
        assertTrue(log.contains("resumed after epoch " + from + "/5"), log);
        assertSameResults(local, folder, List.of("long_seed=1", "long_seed=2"));
        List<String> states = new ArrayList<>();
        for (String line : jobCompletions()) {
            if (line.contains("ArrayJobId=" + arrayId + " ") && line.contains("ArrayTaskId=" + task + " ")) {
                states.add(field(line, "JobState") + " " + field(line, "NodeList"));
            }
        }
        assertEquals("NODE_FAIL node1", states.get(0), "the first attempt died with its node: " + states);
        assertTrue(states.get(states.size() - 1).startsWith("COMPLETED "), "the requeued one completed: " + states);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** {@code engram run} of the study here, the reference every Slurm run must equal; its run folder. */
    private static Path localRun(Path work, String study) throws Exception {
        long start = System.nanoTime();
        Result r = engram(work, "run", study, "--runs", "local", "-q");
        assertEquals(0, r.exitCode(), r.both());
        System.out.printf("SlurmClusterIT: local run of %s %.1f s%n", study, seconds(start));
        return onlyFolder(work.resolve("local"));
    }

    /**
     * Every trial's metrics equal the local run's in every column but the wall-clock seconds, and so do the summary
     * and plots (built from the accuracies only); no marker, checkpoint or temporary file is left in a trial.
     */
    private static void assertSameResults(Path local, Path slurm, List<String> trials) throws IOException {
        for (String id : trials) {
            assertTrue(Files.exists(slurm.resolve(id).resolve("DONE")), id + " is done");
            assertEquals(withoutSeconds(local.resolve(id).resolve("metrics.csv")),
                    withoutSeconds(slurm.resolve(id).resolve("metrics.csv")), id + ": metrics as in the local run");
            try (Stream<Path> files = Files.list(slurm.resolve(id))) {
                assertEquals(List.of("DONE", "metrics.csv", "provenance.json"),
                        files.map(p -> p.getFileName().toString()).sorted().toList(), id);
            }
        }
        for (String file : List.of("summary.csv", "accuracy.png", "metrics.png", "sweep.png")) {
            assertEquals(Files.exists(local.resolve(file)), Files.exists(slurm.resolve(file)), file);
            if (Files.exists(local.resolve(file))) {
                assertArrayEquals(Files.readAllBytes(local.resolve(file)), Files.readAllBytes(slurm.resolve(file)), file);
            }
        }
        assertFalse(Files.exists(slurm.resolve("failures.txt")));
    }

    /** Polls {@code engram status} until no trial is queued, running or interrupted; its last output. */
    private static String awaitTrialsEnded(Path work, Path folder, int trials, long timeoutSeconds) throws Exception {
        Pattern totals = Pattern.compile("(?m)^" + trials + " trials: (.*)$");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            Result r = engram(work, "status", folder.toString());
            assertEquals(0, r.exitCode(), r.both());
            last = r.out();
            Matcher m = totals.matcher(last);
            if (m.find() && m.group(1).matches("(\\d+ (done|failed)(, )?)+")) {
                return last;
            }
            Thread.sleep(3000);
        }
        return fail("the trials did not end within " + timeoutSeconds + " s; engram status said:\n" + last + "\n"
                + diagnostics(folder));
    }

    /** Waits until the collect job's {@code engram collect} has written everything and said so in its log. */
    private static void awaitCollected(Path folder, String collectId, long timeoutSeconds) throws Exception {
        Path log = folder.resolve("slurm/logs/collect_" + collectId + ".out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!(Files.exists(log) && Files.readString(log).contains("\nresults: " + folder + " (report.html, summary.csv"))) {
            if (System.nanoTime() > deadline) {
                fail("the collect job " + collectId + " did not write the summary within " + timeoutSeconds + " s\n"
                        + diagnostics(folder));
            }
            Thread.sleep(500);
        }
    }

    /** What to look at when something did not happen: the queue, the task logs, the controller's last words. */
    private static String diagnostics(Path folder) {
        StringBuilder sb = new StringBuilder("squeue:\n");
        try {
            sb.append(run(List.of("squeue", "-r", "-t", "all"), slurmEnv(), 30).both()).append('\n');
            sb.append(run(List.of("sinfo"), slurmEnv(), 30).out()).append('\n');
            Path logs = folder.resolve("slurm/logs");
            if (Files.isDirectory(logs)) {
                try (Stream<Path> files = Files.list(logs)) {
                    for (Path p : files.sorted().toList()) {
                        sb.append("== ").append(p.getFileName()).append('\n').append(Files.readString(p)).append('\n');
                    }
                }
            }
            List<String> ctld = Files.readAllLines(STATE.resolve("log/slurmctld.log"));
            sb.append("== slurmctld.log (end)\n").append(String.join("\n", ctld.subList(Math.max(0, ctld.size() - 30),
                    ctld.size())));
        } catch (Exception e) {
            sb.append("(").append(e).append(")");
        }
        return sb.toString();
    }

    /** {@code squeue} lines {@code task|state|node} of a job array, every state Slurm still knows. */
    private static List<String> squeue(String jobId) throws Exception {
        Result r = run(List.of("squeue", "-h", "-r", "-t", "all", "-j", jobId, "-o", "%K|%T|%N"), slurmEnv(), 30);
        return r.exitCode() == 0 ? r.out().lines().map(String::strip).filter(l -> !l.isEmpty()).toList() : List.of();
    }

    /** The lines of the controller's job completion log ({@code JobCompType=jobcomp/filetxt}); sacct needs a database. */
    private static List<String> jobCompletions() throws IOException {
        Path file = STATE.resolve("log/jobcomp.txt");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static String field(String line, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\S*)").matcher(line);
        return m.find() ? m.group(1) : "";
    }

    private static String marker(Path trial) {
        try {
            return Files.readString(trial.resolve("RUNNING"));
        } catch (IOException e) {
            return "";
        }
    }

    /** A metrics file without its fourth column, the wall-clock seconds of each epoch. */
    private static List<String> withoutSeconds(Path metrics) throws IOException {
        return Files.readAllLines(metrics).stream().map(l -> l.replaceFirst("^([^,]*,[^,]*,[^,]*),[^,]*", "$1")).toList();
    }

    private static String jobId(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertTrue(m.find(), "no job id (" + regex + ") in: " + out);
        return m.group(1);
    }

    private static Path onlyFolder(Path runs) throws IOException {
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> all = s.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static Map<String, String> slurmEnv() {
        return Map.of("SLURM_CONF", STATE.resolve("etc/slurm.conf").toString());
    }

    private static Result engram(Path work, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(DIST.resolve("bin/engram").toString()));
        command.addAll(List.of(args));
        return run(command, slurmEnv(), COMMAND_SECONDS, work);
    }

    private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        return run(command, env, timeoutSeconds, WORK.getParent());
    }

    private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path out = Files.createTempFile("slurm-it", ".out");
        Path err = Files.createTempFile("slurm-it", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(command + " still running after " + timeoutSeconds + " s\nstdout:\n" + Files.readString(out)
                        + "\nstderr:\n" + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

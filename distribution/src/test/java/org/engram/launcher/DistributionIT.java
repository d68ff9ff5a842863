package org.engram.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled installation (target/engram) run the way a user runs it: bin/engram in a shell, elsewhere. */
class DistributionIT {

    private static final Path DIST = Path.of(System.getProperty("engram.dist.dir", "target/engram")).toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    Path workDir;

    private record Result(int exitCode, String out, String err) {
    }

    private Result engram(Path script, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        Path out = workDir.resolve("out.txt");
        Path err = workDir.resolve("err.txt");
        Path in = workDir.resolve("in.txt");
        Files.writeString(in, stdin);
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("engram " + String.join(" ", args) + " still running after " + TIMEOUT_SECONDS
                    + " s\nstdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void pluginsListsBothComputeBackends() throws Exception {
        Result r = engram(DIST.resolve("bin/engram"), "", "plugins");

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("org.engram.compute.java") && r.out().contains("org.engram.compute.nd4j"), r.out());
    }

    /** Every study shipped in studies/ names only installed plugins and valid parameters. */
    @Test
    void everyShippedStudyIsValid() throws Exception {
        try (Stream<Path> files = Files.list(DIST.resolve("studies"))) {
            for (Path study : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Result r = engram(DIST.resolve("bin/engram"), "", "run", "--check", study.toString());
                assertEquals(0, r.exitCode(), study + ":\n" + r.err());
                assertTrue(r.out().contains(": valid, "), r.out());
            }
        }
    }

    @Test
    void aSymlinkedScriptFindsItsInstallation() throws Exception {
        Path link = Files.createSymbolicLink(workDir.resolve("engram"), DIST.resolve("bin/engram"));

        Result r = engram(link, "", "--version");

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Engram"), r.out());
    }

    @Test
    void shellRunsPipedCommandsAndExitsZeroAtEndOfInput() throws Exception {
        Result r = engram(DIST.resolve("bin/engram"), "lb -s\n", "shell");

        assertEquals(0, r.exitCode(), r.err());
        // the console starts last, so the piped command sees every bundle started, the shell's own too
        List<String> bundleLines = r.out().lines().filter(l -> l.matches("\\s*\\d+\\|.*")).toList();
        assertTrue(bundleLines.stream().anyMatch(l -> l.contains("|org.engram.engine")), r.out());
        assertTrue(bundleLines.stream().anyMatch(l -> l.contains("|org.apache.felix.fileinstall")), r.out());
        assertEquals(List.of(), bundleLines.stream().filter(l -> !l.contains("|Active")).toList(), r.out());
    }

    /** {@code exit} leaves the shell without a number (Gogo's own needs one), {@code exit 3} with status 3. */
    @Test
    void shellLeavesWithExitAloneOrWithAStatus() throws Exception {
        Result plain = engram(DIST.resolve("bin/engram"), "exit\n", "shell");
        Result three = engram(DIST.resolve("bin/engram"), "exit 3\n", "shell");

        assertEquals(0, plain.exitCode(), plain.out() + plain.err());
        assertTrue(!(plain.out() + plain.err()).contains("Cannot coerce"), plain.out() + plain.err());
        assertEquals(3, three.exitCode(), three.out() + three.err());
        assertTrue(!(three.out() + three.err()).contains("Exception"), three.out() + three.err());
    }

    /**
     * The promise: a jar dropped into plugins/ of a running shell appears in engram:plugins, and
     * disappears when deleted, without a restart; one that cannot start is named with the reason. Runs on a private installation (links to the built
     * jars, minus the pHSIC rule) so the shared one is untouched; prints how long each took.
     */
    @Test
    void aJarDroppedIntoPluginsAppearsInARunningShellAndDeletingItRemovesIt() throws Exception {
        Path home = workDir.resolve("engram");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("bundle"));
        Files.createDirectories(home.resolve("plugins"));
        Files.copy(DIST.resolve("bin/engram"), home.resolve("bin/engram"));
        Files.createSymbolicLink(home.resolve("lib"), DIST.resolve("lib"));
        Path phsic = null;
        try (Stream<Path> jars = Files.list(DIST.resolve("bundle"))) {
            for (Path jar : jars.toList()) {
                if (jar.getFileName().toString().startsWith("org.engram.rule.phsic")) {
                    phsic = jar;
                } else {
                    Files.createSymbolicLink(home.resolve("bundle").resolve(jar.getFileName()), jar);
                }
            }
        }
        assertTrue(phsic != null, "the distribution has no org.engram.rule.phsic jar to drop in");

        Path out = workDir.resolve("shell.txt");
        Process shell = new ProcessBuilder(home.resolve("bin/engram").toString(), "shell").directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
        try (var stdin = new java.io.PrintWriter(shell.getOutputStream(), true)) {
            waitForListing(stdin, out, "rule ib-hebbian", true);
            assertTrue(!columnsOf(Files.readString(out)).contains("rule phsic"), "phsic listed before it was dropped in");

            Path dropped = home.resolve("plugins/phsic.jar");
            Files.copy(phsic, dropped);
            long appeared = waitForListing(stdin, out, "rule phsic", true);
            Files.delete(dropped);
            long removed = waitForListing(stdin, out, "rule phsic", false);
            System.out.printf("hot deploy: dropped jar listed after %d ms, deleted jar gone after %d ms%n", appeared, removed);

            // a dropped jar that cannot start is named with the reason, as a command names it at launch
            TestJars.bundle(workDir.resolve("unresolvable.jar"), "test.unresolvable",
                    java.util.Map.of("Import-Package", "org.example.nowhere"));
            Files.move(workDir.resolve("unresolvable.jar"), home.resolve("plugins/unresolvable.jar"));
            String expected = "plugins/unresolvable.jar: cannot start test.unresolvable 1.0.0: it needs package "
                    + "org.example.nowhere";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out).contains(expected) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.readString(out).contains(expected), "no reason given for the jar that cannot start:\n"
                    + Files.readString(out));
            stdin.println("exit 0");
        } finally {
            if (!shell.waitFor(60, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
            }
        }
    }

    /** A listing with each run of spaces as one: the columns are as wide as the longest kind installed. */
    private static String columnsOf(String listing) {
        return listing.replaceAll(" +", " ");
    }

    /**
     * Asks engram:plugins every 200 ms until the last listing does (or does not) contain {@code line};
     * returns the milliseconds that took. Fails after 60 s, a guard against hangs, not a speed limit.
     */
    private static long waitForListing(java.io.PrintWriter stdin, Path out, String line, boolean present) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
            int before = Files.readString(out).split("plugins\\n", -1).length;
            stdin.println("engram:plugins");
            String text;
            do {
                Thread.sleep(50);
                text = Files.readString(out);
            } while (text.split("plugins\\n", -1).length == before && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60));
            String[] listings = text.split("KIND ");
            if (columnsOf(listings[listings.length - 1]).contains(line) == present) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("after 60 s engram:plugins " + (present ? "still lacks" : "still lists") + " '" + line
                + "'; shell output:\n" + Files.readString(out));
    }

    /**
     * {@code engram replay} reruns a finished trial from its provenance.json and finds every epoch's metrics equal to
     * the record, with the same bundles; a record whose metrics were changed afterwards is caught, naming where.
     */
    @Test
    void aTrialReplayedFromItsRecordMatchesAndATamperedRecordIsCaught() throws Exception {
        Files.writeString(workDir.resolve("tiny.yaml"), """
                study: tiny
                epochs: 2
                seed: 3
                trainLimit: 400
                defaults:
                  dataset: xor
                  network: [{size: 8, neuron: relu-layernorm}, {size: 2, neuron: linear}]
                  rule: {name: ib-hebbian, gamma: 2}
                """);
        Result run = engram(DIST.resolve("bin/engram"), "", "run", "tiny.yaml", "--runs", "runs", "-q");
        assertEquals(0, run.exitCode(), run.err());
        Path trial;
        try (Stream<Path> runs = Files.list(workDir.resolve("runs"))) {
            trial = runs.findFirst().orElseThrow().resolve("tiny_seed=3");
        }

        Result same = engram(DIST.resolve("bin/engram"), "", "replay", trial.resolve("provenance.json").toString());

        assertEquals(0, same.exitCode(), same.out() + same.err());
        assertTrue(same.out().contains("same code: the SHA-256 of the "), same.out());
        assertTrue(same.out().matches("(?s).*\nreplay matches: 2 epochs, \\d+ values\n"), same.out());

        Path metrics = trial.resolve("metrics.csv");
        List<String> rows = new java.util.ArrayList<>(Files.readAllLines(metrics));
        String[] last = rows.get(3).split(",", -1);
        String recorded = last[2];
        // 100 test samples: an accuracy is a multiple of 0.01, so 0.125 was never the recorded one
        last[2] = "0.125";
        rows.set(3, String.join(",", last));
        Files.write(metrics, rows);

        Result tampered = engram(DIST.resolve("bin/engram"), "", "replay", trial.toString(), "-q");

        assertEquals(1, tampered.exitCode(), tampered.out() + tampered.err());
        // stderr may open with the logging library's notice
        assertTrue(tampered.err().contains("replay differs at epoch 2, column test_accuracy: recorded 0.125, replayed "
                + recorded + " (1 of "), tampered.err());
    }

    @Test
    void noFrameworkStorageIsLeftBehind() throws Exception {
        engram(DIST.resolve("bin/engram"), "", "--version");

        Path cache = DIST.resolve("cache");
        if (Files.isDirectory(cache)) {
            try (Stream<Path> left = Files.list(cache)) {
                assertEquals(List.of(), left.toList());
            }
        }
    }
}

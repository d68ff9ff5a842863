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

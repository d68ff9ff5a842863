package org.engram.sdk.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private Engram installation made from the assembled one (distribution/target/engram): its own
 * {@code plugins/} folder, links to the built launcher and bundles, so the shared installation stays
 * untouched. Runs {@code bin/engram} as a user does.
 */
final class Installation {

    static final Path DIST = Path.of(Maven.required("engram.dist.dir")).toAbsolutePath().normalize();
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    final Path home;

    private Installation(Path home) {
        this.home = home;
    }

    static Installation create(Path home) throws IOException {
        assertTrue(Files.isRegularFile(DIST.resolve("bin/engram")), "no assembled distribution at " + DIST
                + "; build distribution/ first");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("bundle"));
        Files.createDirectories(home.resolve("plugins"));
        Files.copy(DIST.resolve("bin/engram"), home.resolve("bin/engram"));
        Files.createSymbolicLink(home.resolve("lib"), DIST.resolve("lib"));
        try (Stream<Path> jars = Files.list(DIST.resolve("bundle"))) {
            for (Path jar : jars.toList()) {
                Files.createSymbolicLink(home.resolve("bundle").resolve(jar.getFileName()), jar);
            }
        }
        return new Installation(home);
    }

    Path plugins() {
        return home.resolve("plugins");
    }

    /** Output of one {@code engram} command. */
    record Result(int exitCode, String output) {
    }

    /** Runs {@code engram args} in {@code workDir} and waits for it. */
    Result run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/engram").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "engram-", ".txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("engram " + String.join(" ", args) + " still running after " + COMMAND_TIMEOUT + ":\n" + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    /** Starts {@code engram shell} in {@code workDir}: the console, with FileInstall watching {@code plugins/}. */
    Shell shell(Path workDir) throws IOException {
        Path out = workDir.resolve("shell.txt");
        Process p = new ProcessBuilder(home.resolve("bin/engram").toString(), "shell").directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new Shell(p, out);
    }

    /** A running console, driven through its standard input as a user at a terminal would. */
    static final class Shell implements AutoCloseable {
        private final Process process;
        private final Path output;
        private final PrintWriter stdin;
        private int markers;
        private int consumed;

        private Shell(Process process, Path output) {
            this.process = process;
            this.output = output;
            this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        /**
         * Runs one console command and returns what it printed: the command is followed by an {@code echo}
         * of a fresh marker, and the console runs commands in order, so the output ends at the marker.
         */
        String execute(String command) throws IOException, InterruptedException {
            String marker = "END-OF-COMMAND-" + ++markers;
            stdin.println(command);
            stdin.println("echo " + marker);
            long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                String text = Files.readString(output, StandardCharsets.UTF_8);
                int end = text.indexOf(marker, consumed);
                if (end >= 0) {
                    String result = text.substring(consumed, end);
                    consumed = end + marker.length();
                    return result;
                }
                if (!process.isAlive()) {
                    fail("the console exited (" + process.exitValue() + ") during '" + command + "':\n" + text);
                }
                Thread.sleep(100);
            }
            fail("'" + command + "' still running after " + COMMAND_TIMEOUT + ":\n" + Files.readString(output));
            return null;
        }

        /**
         * Asks {@code engram:plugins} until every line is listed, and returns the milliseconds that took; fails
         * after a minute, a guard against hangs, not a speed limit.
         */
        long awaitListed(List<String> lines) throws IOException, InterruptedException {
            long start = System.nanoTime();
            String listing = "";
            while (System.nanoTime() - start < TimeUnit.MINUTES.toNanos(1)) {
                listing = execute("engram:plugins");
                String current = listing;
                if (lines.stream().allMatch(l -> current.lines().anyMatch(row -> row.matches(l)))) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
                Thread.sleep(250);
            }
            fail("after a minute engram:plugins still lacks one of " + lines + ":\n" + listing);
            return -1;
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                stdin.println("exit 0");
                stdin.close();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}

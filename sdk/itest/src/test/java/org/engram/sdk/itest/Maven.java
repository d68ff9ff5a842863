package org.engram.sdk.itest;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Maven that runs this build, in another folder, as a plugin author would run it: batch mode,
 * offline, on this build's local repository (where the build installed the API, test kit and archetype).
 */
final class Maven {

    static final Path HOME = Path.of(required("maven.home"));
    static final String LOCAL_REPOSITORY = required("maven.repo.local");
    static final String ENGRAM_VERSION = required("engram.version");
    /** groupId:artifactId:version of maven-archetype-plugin, so generation needs no plugin-prefix lookup offline. */
    static final String ARCHETYPE_PLUGIN = required("engram.archetype.plugin");
    private static final long TIMEOUT_MINUTES = 10;

    /** The output of one run: exit code, and the log file holding stdout and stderr. */
    record Result(int exitCode, Path log) {
        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AssertionError("cannot read " + log, e);
            }
        }

        /** The last lines of the log, for failure messages. */
        String tail() {
            List<String> lines = output().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    private Maven() {
    }

    /** Runs {@code mvn args} in {@code directory}, writing its output to {@code log}. */
    static Result run(Path directory, Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/mvn").toString(), "-B", "-o",
                "-Dmaven.repo.local=" + LOCAL_REPOSITORY));
        command.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the plugin build must not see this build's options (e.g. a debugger agent)
        builder.environment().remove("MAVEN_OPTS");
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("mvn " + String.join(" ", args) + " in " + directory + " still running after " + TIMEOUT_MINUTES
                    + " minutes; log: " + log);
        }
        System.out.printf("mvn %s in %s: exit %d after %.1f s%n", String.join(" ", args), directory,
                process.exitValue(), (System.nanoTime() - start) / 1e9);
        return new Result(process.exitValue(), log);
    }

    /** As {@link #run}, failing with the end of the log unless Maven succeeds. */
    static Result succeed(Path directory, Path log, String... args) throws IOException, InterruptedException {
        Result result = run(directory, log, args);
        if (result.exitCode() != 0) {
            fail("mvn " + String.join(" ", args) + " in " + directory + " failed (exit " + result.exitCode() + "); log "
                    + log + " ends:\n" + result.tail());
        }
        return result;
    }

    /**
     * Generates a plugin project of {@code kind}, version 1.0.0, from engram-plugin-archetype into
     * {@code parent}/{@code artifactId}, as {@code mvn archetype:generate} with these properties does.
     */
    static Path generate(Path parent, Path log, String kind, String groupId, String artifactId, String pluginName,
            String className, String packageName) throws IOException, InterruptedException {
        Files.createDirectories(parent);
        succeed(parent, log, ARCHETYPE_PLUGIN + ":generate", "-DarchetypeGroupId=org.engram",
                "-DarchetypeArtifactId=engram-plugin-archetype", "-DarchetypeVersion=" + ENGRAM_VERSION,
                "-DgroupId=" + groupId, "-DartifactId=" + artifactId, "-Dversion=1.0.0", "-Dpackage=" + packageName,
                "-Dkind=" + kind, "-DpluginName=" + pluginName, "-DclassName=" + className);
        return parent.resolve(artifactId);
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; run the tests through Maven "
                    + "(mvn verify -pl sdk/itest)");
        }
        return value;
    }
}

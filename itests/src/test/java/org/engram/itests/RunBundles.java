package org.engram.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.ops4j.pax.exam.Option;

/**
 * The run bundles that features/ resolved (target/export/engram), as the launcher starts them for a
 * command: everything but the Gogo console and FileInstall, which would read the test JVM's stdin
 * and watch a folder.
 */
final class RunBundles {

    /** Only {@code engram shell} starts these (org.engram.launcher.Main.SHELL_ONLY). */
    static final Set<String> SHELL_ONLY = Set.of("org.apache.felix.gogo.shell", "org.apache.felix.fileinstall");

    private RunBundles() {
    }

    /** The export folder, from the {@code engram.bundles.dir} system property the POM sets. */
    static Path dir() {
        String configured = System.getProperty("engram.bundles.dir");
        if (configured == null) {
            throw new IllegalStateException("system property engram.bundles.dir is not set; run the itests through Maven");
        }
        Path dir = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " does not exist; build features/ first");
        }
        return dir;
    }

    /** The location prefix of every bundle installed from {@link #dir()}. */
    static String locationPrefix() {
        return "reference:" + dir().toUri();
    }

    /** The jars to install, in name order. */
    static List<Path> jars() {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir(), "*.jar")) {
            for (Path jar : files) {
                if (!SHELL_ONLY.contains(symbolicName(jar))) {
                    jars.add(jar);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jars.sort(null);
        if (jars.isEmpty()) {
            throw new IllegalStateException("no bundles in " + dir());
        }
        return jars;
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest m = file.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? "" : bsn.split(";")[0].trim();
        }
    }

    /**
     * The container: the run bundles installed in place ({@code reference:}, so the 130 MB ND4J
     * bundle is not copied into the framework storage), JUnit, a clean storage per test class.
     */
    static Option runtime(String testClass) {
        List<Option> options = new ArrayList<>();
        for (Path jar : jars()) {
            options.add(bundle("reference:" + jar.toUri()));
        }
        options.add(junitBundles());
        options.add(cleanCaches(true));
        options.add(workingDirectory("target/paxexam/" + testClass));
        return composite(options.toArray(Option[]::new));
    }
}

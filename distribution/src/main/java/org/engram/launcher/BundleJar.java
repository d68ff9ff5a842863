package org.engram.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A jar found in {@code bundle/} or {@code plugins/}, with the manifest headers the launcher needs.
 *
 * @param symbolicName its {@code Bundle-SymbolicName} without attributes, or null if it is no bundle
 * @param fragment     whether it is a fragment, which is resolved with its host and never started
 */
record BundleJar(Path path, String symbolicName, boolean fragment) {

    /** The {@code *.jar} files of a folder in name order, so every launch installs in the same order; none if it does not exist. */
    static List<Path> jarsIn(Path folder) throws IOException {
        List<Path> jars = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return jars;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    jars.add(f);
                }
            }
        }
        jars.sort(null);
        return jars;
    }

    /** Reads the manifest of a jar. */
    static BundleJar read(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
            return new BundleJar(jar, headerValue(main.getValue("Bundle-SymbolicName")), main.getValue("Fragment-Host") != null);
        }
    }

    /** The value of a header clause without its attributes and directives: {@code a.b;singleton:=true} gives {@code a.b}. */
    private static String headerValue(String header) {
        if (header == null) {
            return null;
        }
        int semicolon = header.indexOf(';');
        String value = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        return value.isEmpty() ? null : value;
    }
}

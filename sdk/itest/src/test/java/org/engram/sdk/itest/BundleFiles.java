package org.engram.sdk.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Files of built plugin projects: their jar, its manifest, and cleaning up. */
final class BundleFiles {

    private BundleFiles() {
    }

    /** The one jar a project built into target/. */
    static Path jar(Path project) throws IOException {
        try (Stream<Path> files = Files.list(project.resolve("target"))) {
            List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).toList();
            assertEquals(1, jars.size(), "jars in " + project.resolve("target") + ": " + jars);
            return jars.get(0);
        }
    }

    static Manifest manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest();
        }
    }

    /** Splits a manifest header at the commas between clauses, not those inside quoted attribute values. */
    static List<String> splitClauses(String header) {
        List<String> clauses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        clauses.add(current.toString());
        return clauses;
    }

    /** Deletes a folder and everything in it; symbolic links are deleted, never followed. */
    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Copies a folder as a clone has it: without folders of the given names (build output, run folders) at
     * any depth.
     */
    static void copyTree(Path from, Path to, Set<String> skipped) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : all.toList()) {
                Path relative = from.relativize(source);
                boolean skip = false;
                for (Path part : relative) {
                    skip |= skipped.contains(part.toString());
                }
                if (skip) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** Whether {@code needle} occurs in {@code haystack}, e.g. an annotation's descriptor in a class file. */
    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

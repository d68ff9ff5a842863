package org.engram.sdk.itest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one rule of semantic versioning that bnd-baseline-maven-plugin 7.1.0 gets wrong: an abstract method
 * added to a {@code @ConsumerType} interface breaks every plugin that implements it, so its package needs
 * a major bump. bnd's JavaElement sets the "added" delta of an interface to MINOR when it meets a default
 * method and keeps it for every method that follows, so an abstract method declared after a default one
 * (the natural place, at the end of e.g. {@code Learner}) passes with a minor bump. This check compares
 * the abstract methods of every consumer interface with the baseline's and the package versions.
 */
final class ConsumerTypeCheck {

    private static final byte[] CONSUMER = "Lorg/osgi/annotation/versioning/ConsumerType;".getBytes(StandardCharsets.UTF_8);

    private ConsumerTypeCheck() {
    }

    /** The baseline release named by bundles/api/pom.xml (property engram.api.baseline) in sdk/api-baseline. */
    static Path baselineJar(Path root) throws IOException {
        String pom = Files.readString(root.resolve("bundles/api/pom.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<engram\\.api\\.baseline>([^<]+)<").matcher(pom);
        if (!m.find()) {
            throw new AssertionError("bundles/api/pom.xml has no engram.api.baseline property");
        }
        String version = m.group(1).trim();
        return root.resolve("sdk/api-baseline/org/engram/org.engram.api/" + version + "/org.engram.api-" + version + ".jar");
    }

    /**
     * The API this tree built: bundles/api/target/classes with the manifest bnd wrote, rather than whichever
     * org.engram.api the class path resolves (a local repository may hold another checkout's).
     */
    static Path builtApi(Path root) {
        Path classes = root.resolve("bundles/api/target/classes");
        if (!Files.isRegularFile(classes.resolve("META-INF/MANIFEST.MF"))) {
            throw new AssertionError("no built API in " + classes + "; build bundles/api first");
        }
        return classes;
    }

    /**
     * Every consumer interface of {@code current} (a jar or classes folder with its manifest) that has
     * abstract methods the baseline's lacks while its package's major version is unchanged.
     */
    static List<String> problems(Path baseline, Path current) throws Exception {
        Map<String, Set<String>> before = abstractMethodsOfConsumerInterfaces(baseline);
        Map<String, Set<String>> after = abstractMethodsOfConsumerInterfaces(current);
        Map<String, Integer> oldMajors = exportedMajors(baseline);
        Map<String, Integer> newMajors = exportedMajors(current);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Set<String>> type : after.entrySet()) {
            Set<String> old = before.get(type.getKey());
            if (old == null) {
                continue; // a new type is a minor change, which bnd judges right
            }
            Set<String> added = new TreeSet<>(type.getValue());
            added.removeAll(old);
            String pkg = type.getKey().substring(0, type.getKey().lastIndexOf('.'));
            if (!added.isEmpty() && newMajors.getOrDefault(pkg, 0) <= oldMajors.getOrDefault(pkg, 0)) {
                problems.add(type.getKey() + " (@ConsumerType) gained abstract methods " + added + ", which every plugin "
                        + "implementing it must now provide; package " + pkg + " needs a major version bump (is "
                        + newMajors.get(pkg) + ".x, baseline " + oldMajors.get(pkg) + ".x), or make them default methods");
            }
        }
        return problems;
    }

    private static Map<String, Set<String>> abstractMethodsOfConsumerInterfaces(Path api) throws Exception {
        Map<String, Set<String>> out = new HashMap<>();
        try (FileSystem jar = Files.isDirectory(api) ? null : FileSystems.newFileSystem(api);
                URLClassLoader loader = new URLClassLoader(new URL[] {api.toUri().toURL()},
                        ClassLoader.getPlatformClassLoader())) {
            Path root = jar == null ? api : jar.getPath("/");
            List<Path> classes;
            try (Stream<Path> files = Files.walk(root)) {
                classes = files.filter(f -> f.toString().endsWith(".class") && !f.toString().endsWith("package-info.class"))
                        .toList();
            }
            for (Path file : classes) {
                if (!BundleFiles.contains(Files.readAllBytes(file), CONSUMER)) {
                    continue;
                }
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, loader);
                if (!type.isInterface()) {
                    continue;
                }
                out.put(name, Arrays.stream(type.getDeclaredMethods())
                        .filter(m -> Modifier.isAbstract(m.getModifiers()) && !m.isSynthetic())
                        .map(ConsumerTypeCheck::signature).collect(Collectors.toCollection(TreeSet::new)));
            }
        }
        return out;
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    /** Package to major version, from the Export-Package header of the bundle's manifest. */
    private static Map<String, Integer> exportedMajors(Path api) throws IOException {
        Manifest manifest;
        if (Files.isDirectory(api)) {
            try (InputStream in = Files.newInputStream(api.resolve("META-INF/MANIFEST.MF"))) {
                manifest = new Manifest(in);
            }
        } else {
            manifest = BundleFiles.manifest(api);
        }
        Map<String, Integer> majors = new HashMap<>();
        for (String clause : BundleFiles.splitClauses(manifest.getMainAttributes().getValue("Export-Package"))) {
            String pkg = clause.split(";")[0].trim();
            java.util.regex.Matcher v = java.util.regex.Pattern.compile("version=\"?(\\d+)").matcher(clause);
            majors.put(pkg, v.find() ? Integer.parseInt(v.group(1)) : 0);
        }
        return majors;
    }
}

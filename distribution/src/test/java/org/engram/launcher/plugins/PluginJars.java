package org.engram.launcher.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Third-party plugin bundles written the way a user's jar arrives in plugins/: a manifest, a Declarative
 * Services descriptor and the classes of {@link TestRule}. Each method names what is special about its jar.
 */
public final class PluginJars {

    /** The imports a rule plugin built against this API has. */
    public static final String API_IMPORTS = "org.engram.api;version=\"[1.0,2)\",org.engram.api.memory;version=\"[1.0,2)\","
            + "org.engram.api.network;version=\"[1.0,2)\",org.engram.api.param;version=\"[2.0,3)\","
            + "org.engram.api.rule;version=\"[1.0,2)\"";

    private PluginJars() {
    }

    /**
     * A bundle with one DS component providing {@link TestRule} as rule {@code name}.
     *
     * @param lifecycle extra attributes of the component element, e.g. {@code activate="failToActivate"}
     * @param imports   its Import-Package header
     */
    public static Path rule(Path file, String symbolicName, String name, String lifecycle, String imports) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + symbolicName + "\""
                + " immediate=\"true\" " + lifecycle + ">\n"
                + "  <implementation class=\"" + TestRule.class.getName() + "\"/>\n"
                + "  <service><provide interface=\"org.engram.api.rule.LearningRule\"/></service>\n"
                + "  <property name=\"engram.rule\" value=\"" + name + "\"/>\n"
                + "</scr:component>\n";
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", imports);
        main.putValue("Service-Component", "OSGI-INF/component.xml");
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("OSGI-INF/component.xml"));
            jar.write(xml.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            for (String classFile : classFiles(TestRule.class)) {
                jar.putNextEntry(new JarEntry(classFile));
                try (InputStream in = TestRule.class.getClassLoader().getResourceAsStream(classFile)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return file;
    }

    /** The class file of a top-level class and of its nested classes, as jar entry names. */
    private static List<String> classFiles(Class<?> type) throws IOException {
        String prefix = type.getSimpleName();
        String folder = type.getPackageName().replace('.', '/');
        Path dir;
        try {
            dir = Path.of(type.getResource(prefix + ".class").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.equals(prefix + ".class") || n.startsWith(prefix + "$")) {
                    out.add(folder + "/" + n);
                }
            }
        }
        return out;
    }
}

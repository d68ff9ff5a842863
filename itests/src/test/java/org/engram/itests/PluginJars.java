package org.engram.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Third-party plugin bundles written on the fly, the way a user's jar arrives in plugins/: a
 * manifest, a Declarative Services descriptor and classes of this test bundle.
 */
final class PluginJars {

    private static final String COMPONENT_XML = "OSGI-INF/component.xml";

    private PluginJars() {
    }

    /**
     * A bundle with one DS component that provides {@code service} with the service property
     * {@code property=value}.
     *
     * @param activate the name of the component's activate method, or null for none
     */
    static InputStream component(String symbolicName, Class<?> implementation, Class<?> service, String property,
            String value, String activate) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + symbolicName + "\""
                + " immediate=\"true\"" + (activate == null ? "" : " activate=\"" + activate + "\"") + ">\n"
                + "  <implementation class=\"" + implementation.getName() + "\"/>\n"
                + "  <service><provide interface=\"" + service.getName() + "\"/></service>\n"
                + "  <property name=\"" + property + "\" value=\"" + value + "\"/>\n"
                + "</scr:component>\n";

        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "org.engram.api;version=\"[1.0,2)\",org.engram.api.neuron;version=\"[1.0,2)\","
                + "org.engram.api.param;version=\"[2.0,3)\"");
        main.putValue("Service-Component", COMPONENT_XML);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry(COMPONENT_XML));
            jar.write(xml.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            String classFile = implementation.getName().replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(classFile));
            try (InputStream in = implementation.getClassLoader().getResourceAsStream(classFile)) {
                in.transferTo(jar);
            }
            jar.closeEntry();
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /**
     * A bundle jar of the given manifest headers and entries (path to bytes), in the given order.
     * {@code Manifest-Version} and {@code Bundle-ManifestVersion} are added.
     */
    static byte[] jar(Map<String, String> headers, Map<String, byte[]> entries) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        headers.forEach(main::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The path and bytes of a class of this test bundle, to put it into a plugin jar. */
    static Map.Entry<String, byte[]> classEntry(Class<?> type) throws IOException {
        String classFile = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(classFile)) {
            return Map.entry(classFile, in.readAllBytes());
        }
    }
}

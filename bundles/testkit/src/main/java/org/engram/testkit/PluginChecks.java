package org.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.engram.api.Plugin;
import org.engram.api.PluginKind;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The checks every kind of plugin shares: how it describes itself, and how it is registered. */
final class PluginChecks {

    /** Plugin names as study files and trial ids use them. */
    static final Pattern PLUGIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    /** Parameter names: plain YAML keys, no dots (dots separate the parts of a sweep key). */
    static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private PluginChecks() {
    }

    /** Why two lone trials of one seed differ, nearly always; {@code subject} is "rule" or "memory". */
    static String unseeded(String subject) {
        return ": the " + subject + " draws randomness that the seed does not determine (take it from "
                + "TrialContext.random(name), not new Random(), Math.random() or a HashMap's iteration order) or keeps "
                + "state in static fields";
    }

    /**
     * One-line description; parameters with unique plain names that study files can use, each with a
     * description and a default that resolves.
     */
    static void describesItself(Plugin plugin, PluginKind kind) {
        String description = plugin.description();
        assertNotNull(description, "description() is null");
        assertFalse(description.isBlank(), "description() is blank; engram plugins shows it");
        assertFalse(description.contains("\n"), "description() must be one line for engram plugins: " + description);

        List<ParameterDescriptor> parameters = plugin.parameters();
        assertNotNull(parameters, "parameters() is null; return List.of() for none");
        assertEquals(parameters, plugin.parameters(), "parameters() differs from call to call");
        Set<String> reserved = kind == PluginKind.NEURON ? Set.of("name", "neuron", "size") : Set.of("name");
        Set<String> seen = new HashSet<>();
        for (ParameterDescriptor p : parameters) {
            assertNotNull(p, "parameters() holds null");
            assertTrue(PARAMETER_NAME.matcher(p.name()).matches(),
                    "parameter '" + p.name() + "': use letters, digits and _, starting with a letter");
            assertFalse(reserved.contains(p.name()), "parameter '" + p.name() + "' clashes with the study key '"
                    + p.name() + "' of a " + kind.word() + " section; rename it");
            assertTrue(seen.add(p.name()), "parameter '" + p.name() + "' is declared twice");
            assertFalse(p.description().isBlank(), "parameter '" + p.name() + "' needs a description with its unit");
        }
        Parameters defaults = assertDoesNotThrow(() -> Parameters.defaults(parameters),
                "the defaults must resolve: every default in range, of its type, among its choices");
        assertEquals(seen, defaults.asMap().keySet(), "every parameter has a default");
    }

    /**
     * The class is a Declarative Services component that provides {@code service} with the name property
     * of {@code kind}, as {@code @Component(service = ...)} plus e.g. {@code @EngramRule("name")} produce
     * when bnd processes the classes; anything else is never discovered. Reads the Service-Component
     * header of the manifest beside the class (target/classes or the jar) and the descriptors it names.
     *
     * @return the plugin's name
     */
    static String declaresComponent(Class<?> implementation, Class<?> service, PluginKind kind) {
        String annotation = "@" + switch (kind) {
            case RULE -> "EngramRule";
            case NEURON -> "EngramNeuron";
            case MEMORY -> "EngramMemory";
            case DATASET -> "EngramDataset";
            case BACKEND -> "EngramBackend";
            case CONNECTIVITY -> "EngramConnectivity";
        };
        String fix = "annotate " + implementation.getSimpleName() + " with @Component(service = " + service.getSimpleName()
                + ".class) and " + annotation + "(\"its-name\"), and build with the bnd-maven-plugin's bnd-process goal, "
                + "which writes the descriptor and the Service-Component header";
        Element component = findComponent(implementation, fix);
        assertFalse("require".equals(component.getAttribute("configuration-policy")),
                implementation.getName() + " requires a configuration, so it never activates in a plain installation; "
                        + "drop configurationPolicy = REQUIRE");

        List<String> provided = new ArrayList<>();
        NodeList provides = component.getElementsByTagName("provide");
        for (int i = 0; i < provides.getLength(); i++) {
            provided.add(((Element) provides.item(i)).getAttribute("interface"));
        }
        assertTrue(provided.contains(service.getName()), implementation.getName() + " provides " + provided + ", not "
                + service.getName() + "; " + fix);

        String name = null;
        NodeList properties = component.getElementsByTagName("property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            if (kind.property().equals(property.getAttribute("name"))) {
                name = property.hasAttribute("value") ? property.getAttribute("value") : property.getTextContent().trim();
            }
        }
        assertNotNull(name, implementation.getName() + " has no service property " + kind.property() + ", so the engine "
                + "cannot name it; " + fix);
        assertTrue(PLUGIN_NAME.matcher(name).matches(), kind.property() + "=" + name
                + ": use letters, digits and . + _ -, starting with a letter or digit");
        return name;
    }

    private static Element findComponent(Class<?> implementation, String fix) {
        Path root = codeRoot(implementation);
        try (FileSystem jar = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root)) {
            Path base = jar == null ? root : jar.getPath("/");
            Path manifestFile = base.resolve("META-INF/MANIFEST.MF");
            if (!Files.isRegularFile(manifestFile)) {
                fail("no META-INF/MANIFEST.MF in " + root + ", so " + implementation.getName()
                        + " is not part of a bundle; " + fix);
            }
            Manifest manifest;
            try (InputStream in = Files.newInputStream(manifestFile)) {
                manifest = new Manifest(in);
            }
            String header = manifest.getMainAttributes().getValue("Service-Component");
            if (header != null) {
                for (String entry : header.split(",")) {
                    Path descriptor = base.resolve(entry.trim());
                    if (!Files.isRegularFile(descriptor)) {
                        continue;
                    }
                    Element component = parse(descriptor).getDocumentElement();
                    NodeList implementations = component.getElementsByTagName("implementation");
                    if (implementations.getLength() > 0
                            && implementation.getName().equals(((Element) implementations.item(0)).getAttribute("class"))) {
                        return component;
                    }
                }
            }
            fail(implementation.getName() + " is not a Declarative Services component: no descriptor named in the "
                    + "Service-Component header of " + manifestFile + " implements it; " + fix);
            return null;
        } catch (IOException e) {
            throw new AssertionError("cannot read the bundle of " + implementation.getName() + " at " + root, e);
        }
    }

    private static Path codeRoot(Class<?> implementation) {
        CodeSource source = implementation.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new AssertionError("cannot tell where " + implementation.getName() + " was loaded from");
        }
        try {
            URI uri = source.getLocation().toURI();
            return Path.of(uri);
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new AssertionError(implementation.getName() + " was not loaded from a folder or jar: "
                    + source.getLocation(), e);
        }
    }

    private static Document parse(Path descriptor) throws IOException {
        try (InputStream in = Files.newInputStream(descriptor)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setExpandEntityReferences(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new AssertionError("cannot parse the component descriptor " + descriptor + ": " + e, e);
        }
    }

    /** A copy of every array a check must see unchanged. */
    static Map<String, Object> snapshot(Map<String, Object> arrays) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        arrays.forEach((name, array) -> copy.put(name, array instanceof double[] d ? d.clone() : ((int[]) array).clone()));
        return copy;
    }

    static void assertUnchanged(Map<String, Object> before, Map<String, Object> after, String who) {
        before.forEach((name, array) -> {
            Object now = after.get(name);
            boolean same = array instanceof double[] d ? java.util.Arrays.equals(d, (double[]) now)
                    : java.util.Arrays.equals((int[]) array, (int[]) now);
            assertTrue(same, who + " modified " + name + ", which it may only read");
        });
    }
}

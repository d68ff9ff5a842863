package org.engram.sdk.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every type of the API says who implements it, @ConsumerType (plugins) or @ProviderType (Engram): bnd
 * derives the import ranges of plugins and the baseline's verdicts from these marks, and an unmarked
 * interface counts as a consumer type, so a new type without a mark would silently tighten both.
 */
class ApiTypesAreMarkedTest {

    /** The annotations have class retention: they are in the class files, not visible to reflection. */
    private static final byte[] CONSUMER = "Lorg/osgi/annotation/versioning/ConsumerType;".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PROVIDER = "Lorg/osgi/annotation/versioning/ProviderType;".getBytes(StandardCharsets.UTF_8);

    @Test
    void everyTopLevelTypeIsMarkedConsumerOrProvider() throws IOException {
        Path classes = ConsumerTypeCheck.builtApi(Path.of(System.getProperty("engram.root", "../..")));
        List<String> unmarked = new ArrayList<>();
        int types = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString();
                if (name.contains("$") || name.endsWith("package-info.class")) {
                    continue;
                }
                types++;
                byte[] bytes = Files.readAllBytes(file);
                boolean consumer = BundleFiles.contains(bytes, CONSUMER);
                boolean provider = BundleFiles.contains(bytes, PROVIDER);
                if (consumer == provider) {
                    unmarked.add(name + (consumer ? " (both)" : ""));
                }
            }
        }
        assertTrue(types > 30, "found only " + types + " API types in " + classes);
        assertEquals(List.of(), unmarked, "mark each with @ConsumerType (plugins implement it) or @ProviderType");
    }
}

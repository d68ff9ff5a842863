package org.engram.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

class BundleDigestsTest {

    /** SHA-256 of the three bytes "abc", from FIPS 180-2, appendix B.1. */
    private static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path dir;

    /** A bundle with the given location whose entries are the given files, and a last-modified time to change. */
    private static Bundle bundle(String location, AtomicLong lastModified, Map<String, Path> entries) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLocation" -> location;
                    case "getVersion" -> new Version(1, 2, 3);
                    case "getBundleId" -> 42L;
                    case "getSymbolicName" -> "test.bundle";
                    case "getLastModified" -> lastModified.get();
                    case "findEntries" -> Collections.enumeration(entries.keySet().stream().sorted()
                            .map(p -> url("/" + p)).toList());
                    case "getEntry" -> entries.get(((String) args[0]).substring(1)).toUri().toURL();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static URL url(String path) {
        try {
            return new URL("file", "", path); // the path is all the digest reads of it
        } catch (java.net.MalformedURLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aJarInstalledByReferenceIsHashedAsTheFileSha256sumWouldPrint() throws Exception {
        Path jar = Files.writeString(dir.resolve("x.jar"), "abc");

        BundleDigests digests = new BundleDigests();
        Bundle b = bundle("reference:" + jar.toUri(), new AtomicLong(1), Map.of());

        assertEquals("1.2.3 " + SHA256_ABC, digests.describe(b));
        assertEquals(SHA256_ABC, BundleDigests.compute(bundle(jar.toUri().toString(), new AtomicLong(1), Map.of())));
    }

    @Test
    void theDigestIsCachedUntilTheBundleIsUpdated() throws Exception {
        Path jar = Files.writeString(dir.resolve("x.jar"), "abc");
        AtomicLong lastModified = new AtomicLong(1);
        BundleDigests digests = new BundleDigests();
        Bundle b = bundle("reference:" + jar.toUri(), lastModified, Map.of());
        assertEquals(SHA256_ABC, digests.digest(b));

        Files.writeString(jar, "abd");
        assertEquals(SHA256_ABC, digests.digest(b), "same bundle, not updated: the cached digest");
        lastModified.set(2);
        assertNotEquals(SHA256_ABC, digests.digest(b), "updated: hashed again");
    }

    @Test
    void aBundleFromAStreamIsHashedOverItsEntriesInPathOrder() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "abc");
        Path b = Files.writeString(dir.resolve("b"), "xyz");

        String one = BundleDigests.compute(bundle("test:one", new AtomicLong(1), Map.of("p/A.class", a, "p/B.class", b)));
        String same = BundleDigests.compute(bundle("test:two", new AtomicLong(1), Map.of("p/B.class", b, "p/A.class", a)));
        String swapped = BundleDigests.compute(bundle("test:one", new AtomicLong(1), Map.of("p/A.class", b, "p/B.class", a)));

        assertTrue(one.startsWith("entries:") && one.length() == "entries:".length() + 64, one);
        assertEquals(one, same);
        assertNotEquals(one, swapped);
    }

    @Test
    void onlyFileLocationsNameAJar() {
        assertNull(BundleDigests.jarFile("test:discovery-neuron"));
        assertNull(BundleDigests.jarFile("https://example.org/x.jar"));
        assertNull(BundleDigests.jarFile("file:" + dir.resolve("missing.jar")));
    }
}

package org.engram.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
        return bundle(42, location, lastModified, entries);
    }

    /**
     * As the framework's: entry paths without a leading slash, folders ending in one. Anything else throws, so a
     * test also shows that hashing never calls {@code findEntries}, which would resolve the bundle.
     */
    static Bundle bundle(long id, String location, AtomicLong lastModified, Map<String, Path> entries) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLocation" -> location;
                    case "getVersion" -> new Version(1, 2, 3);
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> "test.bundle";
                    case "getLastModified" -> lastModified.get();
                    case "getEntryPaths" -> entryPaths(entries.keySet(), (String) args[0]);
                    case "getEntry" -> entries.get(((String) args[0]).substring(1)).toUri().toURL();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The files and folders directly in {@code folder} ("/" or "p/"), as {@code Bundle.getEntryPaths} lists them. */
    static Enumeration<String> entryPaths(Set<String> files, String folder) {
        String prefix = folder.equals("/") ? "" : folder;
        Set<String> children = new TreeSet<>();
        for (String f : files) {
            if (f.startsWith(prefix)) {
                int slash = f.indexOf('/', prefix.length());
                children.add(slash < 0 ? f : f.substring(0, slash + 1));
            }
        }
        return children.isEmpty() ? null : Collections.enumeration(children);
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
    void theEntriesDigestIsTheSha256OfEachPathAndItsBytesInPathOrder() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "abc");
        Path b = Files.writeString(dir.resolve("b"), "xyz");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update("/META-INF/MANIFEST.MF\0xyz/p/q/A.class\0abc".getBytes(StandardCharsets.UTF_8));

        String digest = BundleDigests.compute(bundle("test:one", new AtomicLong(1),
                Map.of("p/q/A.class", a, "META-INF/MANIFEST.MF", b)));

        assertEquals("entries:" + HexFormat.of().formatHex(md.digest()), digest);
    }

    @Test
    void theCacheKeepsABoundedNumberOfBundles() throws Exception {
        Path jar = Files.writeString(dir.resolve("x.jar"), "abc");
        BundleDigests digests = new BundleDigests();
        // as hot swaps by uninstall and install do: every bundle a new id
        for (long id = 1; id <= 3L * BundleDigests.CACHED_BUNDLES; id++) {
            assertEquals(SHA256_ABC, digests.digest(bundle(id, jar.toUri().toString(), new AtomicLong(1), Map.of())));
        }

        assertEquals(BundleDigests.CACHED_BUNDLES, digests.cached());
    }

    @Test
    void onlyFileLocationsNameAJar() {
        assertNull(BundleDigests.jarFile("test:discovery-neuron"));
        assertNull(BundleDigests.jarFile("https://example.org/x.jar"));
        assertNull(BundleDigests.jarFile("file:" + dir.resolve("missing.jar")));
    }
}

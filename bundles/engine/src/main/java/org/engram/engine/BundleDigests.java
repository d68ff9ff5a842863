package org.engram.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;

/**
 * The SHA-256 of the code a bundle brings, for provenance: of its jar file when it was installed from one
 * (what {@code sha256sum bundle/x.jar} prints), else over its entries (each path, then its bytes, in path
 * order; written {@code entries:<hex>}). Computed once per bundle and update, since a jar can be large; the
 * cache keeps the bundles used last, so ids of bundles uninstalled by hot swaps do not pile up.
 */
final class BundleDigests {

    /** More bundles than an installation runs; beyond it the least recently used digest is hashed again if needed. */
    static final int CACHED_BUNDLES = 256;

    private static final String REFERENCE = "reference:";

    private record Digest(long lastModified, String hex) {
    }

    /** By bundle id, in access order: an update replaces its bundle's entry, an uninstalled bundle's ages out. */
    private final Map<Long, Digest> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Digest> eldest) {
            return size() > CACHED_BUNDLES;
        }
    };

    /**
     * {@code <version> <sha256>} of the bundle, e.g. {@code 0.1.0.SNAPSHOT 3a7bd3e2...}.
     *
     * @throws IllegalStateException  the bundle was uninstalled
     * @throws UncheckedIOException   its jar or an entry cannot be read
     */
    String describe(Bundle bundle) {
        return bundle.getVersion() + " " + digest(bundle);
    }

    String digest(Bundle bundle) {
        long id = bundle.getBundleId();
        long lastModified = bundle.getLastModified();
        Digest d;
        synchronized (cache) {
            d = cache.get(id);
        }
        // an update (a hot swap) changes the bundle's last-modified time and its code
        if (d == null || d.lastModified() != lastModified) {
            // hashed outside the lock: one large jar must not hold up the trials starting beside it
            d = new Digest(lastModified, compute(bundle));
            synchronized (cache) {
                cache.put(id, d);
            }
        }
        return d.hex();
    }

    /** How many bundles' digests are kept; for tests. */
    int cached() {
        synchronized (cache) {
            return cache.size();
        }
    }

    static String compute(Bundle bundle) {
        try {
            Path jar = jarFile(bundle.getLocation());
            return jar != null ? sha256(jar) : "entries:" + entriesSha256(bundle);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundle " + bundle.getSymbolicName() + " to hash it", e);
        }
    }

    /** The jar file of a {@code file:} or {@code reference:file:} location, or null for any other location. */
    static Path jarFile(String location) {
        String l = location.startsWith(REFERENCE) ? location.substring(REFERENCE.length()) : location;
        if (!l.startsWith("file:")) {
            return null;
        }
        try {
            Path p = Path.of(URI.create(l));
            return Files.isRegularFile(p) ? p : null;
        } catch (IllegalArgumentException e) {
            return null; // e.g. file:relative/path, which Path.of(URI) refuses: hash the entries instead
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Walks the entries with {@code getEntryPaths} and {@code getEntry}, which read the bundle's content as it is;
     * {@code findEntries} would first try to resolve the bundle, taking the framework's global resolve lock that a
     * concurrent {@code Bundle.update} needs ("Unable to acquire global lock for resolve").
     */
    private static String entriesSha256(Bundle bundle) throws IOException {
        List<String> paths = new ArrayList<>();
        Deque<String> folders = new ArrayDeque<>(List.of("/"));
        while (!folders.isEmpty()) {
            Enumeration<String> children = bundle.getEntryPaths(folders.pop());
            while (children != null && children.hasMoreElements()) {
                String path = children.nextElement();
                if (path.endsWith("/")) {
                    folders.push(path);
                } else {
                    paths.add(path.startsWith("/") ? path : "/" + path);
                }
            }
        }
        paths.sort(null);
        MessageDigest md = newDigest();
        for (String path : paths) {
            md.update(path.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            URL url = bundle.getEntry(path);
            if (url != null) {
                try (InputStream in = new DigestInputStream(url.openStream(), md)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

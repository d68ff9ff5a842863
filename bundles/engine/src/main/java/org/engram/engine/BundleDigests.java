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
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;

/**
 * The SHA-256 of the code a bundle brings, for provenance: of its jar file when it was installed from one
 * (what {@code sha256sum bundle/x.jar} prints), else over its entries (each path, then its bytes, in path
 * order; written {@code entries:<hex>}). Computed once per bundle and update, since a jar can be large.
 */
final class BundleDigests {

    private static final String REFERENCE = "reference:";

    private record Digest(long lastModified, String hex) {
    }

    private final Map<Long, Digest> cache = new ConcurrentHashMap<>();

    /** {@code <version> <sha256>} of the bundle, e.g. {@code 0.1.0.SNAPSHOT 3a7bd3e2...}. */
    String describe(Bundle bundle) {
        return bundle.getVersion() + " " + digest(bundle);
    }

    String digest(Bundle bundle) {
        Digest d = cache.get(bundle.getBundleId());
        // an update (a hot swap) changes the bundle's last-modified time and its code
        if (d == null || d.lastModified() != bundle.getLastModified()) {
            d = new Digest(bundle.getLastModified(), compute(bundle));
            cache.put(bundle.getBundleId(), d);
        }
        return d.hex();
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

    private static String entriesSha256(Bundle bundle) throws IOException {
        List<String> paths = new ArrayList<>();
        Enumeration<URL> entries = bundle.findEntries("/", "*", true);
        if (entries != null) {
            while (entries.hasMoreElements()) {
                String path = entries.nextElement().getPath();
                if (!path.endsWith("/")) {
                    paths.add(path);
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

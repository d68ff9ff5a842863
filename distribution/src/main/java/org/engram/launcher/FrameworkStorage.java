package org.engram.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh framework storage folder for one process, deleted when closed.
 *
 * <p>Each process's folder holds a locked file while it runs. A process killed before it could
 * delete its folder leaves it unlocked, and the next launch deletes it: with the ND4J bundle one
 * folder is a few hundred MB, so leftovers must not pile up.
 */
final class FrameworkStorage implements AutoCloseable {

    static final String PREFIX = "engram-run-";
    /** A folder of ours without a lock file this old is a deletion cut short, not one being created. */
    static final Duration UNLOCKED_GRACE = Duration.ofMinutes(10);
    private static final String LOCK = "lock";

    private final Path runDir;
    private final FileChannel lockChannel;

    private FrameworkStorage(Path runDir, FileChannel lockChannel) {
        this.runDir = runDir;
        this.lockChannel = lockChannel;
    }

    /**
     * Creates the folder under {@code preferredRoot}, or under {@code java.io.tmpdir} when that
     * cannot be written (an installation owned by another user).
     */
    static FrameworkStorage create(Path preferredRoot) throws IOException {
        Path root;
        try {
            Files.createDirectories(preferredRoot);
            root = Files.isWritable(preferredRoot) ? preferredRoot : tmpdir();
        } catch (IOException e) {
            root = tmpdir();
        }
        deleteAbandoned(root);
        Path runDir = Files.createTempDirectory(root, PREFIX);
        FileChannel channel = FileChannel.open(runDir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (channel.tryLock() == null) {
            channel.close();
            throw new IOException("cannot lock " + runDir.resolve(LOCK));
        }
        return new FrameworkStorage(runDir, channel);
    }

    private static Path tmpdir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** The folder to give Felix as {@code org.osgi.framework.storage}. */
    Path frameworkDir() {
        return runDir.resolve("felix");
    }

    Path runDir() {
        return runDir;
    }

    /** The folder that holds this process's folder and those of the others: {@code cache/}, or the temp folder. */
    Path root() {
        return runDir.getParent();
    }

    /** Deletes every folder of ours under {@code root} whose process is gone (its lock is free). */
    static void deleteAbandoned(Path root) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path dir : dirs) {
                Path lockFile = dir.resolve(LOCK);
                if (!Files.isRegularFile(lockFile)) {
                    // being created right now (a matter of milliseconds), or a deletion cut short before
                    // the lock went last: the latter would otherwise stay for ever
                    if (olderThan(dir, UNLOCKED_GRACE)) {
                        deleteTree(dir);
                    }
                    continue;
                }
                boolean abandoned;
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                        FileLock lock = channel.tryLock()) {
                    abandoned = lock != null;
                } catch (OverlappingFileLockException e) {
                    abandoned = false; // held by this very JVM
                }
                if (abandoned) {
                    deleteTree(dir);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: an unreadable cache folder must not stop a launch
        }
    }

    private static boolean olderThan(Path dir, Duration age) {
        try {
            return Files.getLastModifiedTime(dir).toInstant().isBefore(Instant.now().minus(age));
        } catch (IOException e) {
            return false;
        }
    }

    /** Releases the lock and deletes the folder; safe to call more than once. */
    @Override
    public void close() {
        try {
            lockChannel.close();
        } catch (IOException e) {
            // the lock dies with the process anyway
        }
        deleteTree(runDir);
    }

    /**
     * Deletes the folder with its lock file last, so a deletion cut short (the process killed, or two
     * launches cleaning up at once) leaves a folder the next launch still recognises as abandoned.
     */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        Path lockFile = dir.resolve(LOCK);
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(lockFile) && !p.equals(dir)).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the next launch's cleanup
                }
            });
            Files.deleteIfExists(lockFile);
            Files.deleteIfExists(dir);
        } catch (IOException | UncheckedIOException e) {
            // left for the next launch's cleanup
        }
    }
}

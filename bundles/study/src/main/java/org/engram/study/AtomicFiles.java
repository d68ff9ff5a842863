package org.engram.study;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a file so that readers (and a resumed run) see either the old content or the new, never half:
 * the bytes go to a temporary file in the same folder, are forced to disk, and the temporary file is
 * then renamed over the target in one atomic step.
 */
final class AtomicFiles {

    /** The real disk, as every run uses it. */
    static final AtomicFiles DISK = new AtomicFiles(UnaryOperator.identity());

    /** Writes the content to a stream; may throw, in which case the target is left as it was. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Wraps the stream to each temporary file; tests make it fail as a full disk would. */
    private final UnaryOperator<OutputStream> writeHook;

    AtomicFiles(UnaryOperator<OutputStream> writeHook) {
        this.writeHook = writeHook;
    }

    void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // a name of our own rather than Files.createTempFile, which would leave the file readable by its owner only
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(writeHook.apply(Channels.newOutputStream(channel)));
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The name {@link #write} gives its temporary file: {@code .<target>.<hex>.tmp}. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");

    /**
     * Deletes the temporary files that a process killed in the middle of a {@link #write} left in the folder (its
     * targets are whole, as the move never happened); a resumed run would otherwise keep them for good.
     */
    static void removeLeftovers(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.filter(p -> TEMPORARY.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    void write(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }
}

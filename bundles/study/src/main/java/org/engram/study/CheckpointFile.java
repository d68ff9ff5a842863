package org.engram.study;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.CRC32;
import org.engram.api.engine.Engine;
import org.engram.api.engine.TrialCheckpoints;

/**
 * A trial's epoch checkpoints as one file, {@code checkpoint.bin} in the trial's folder, replaced atomically
 * (temporary file, forced, renamed) after every epoch, so a crash leaves the previous checkpoint or the new
 * one. The file holds the engine's bytes as they are: the engine's format has its own magic, version and checksum,
 * which the engine checks when it reads them back, and the engine tells the epoch they are after
 * ({@link Engine#checkpointEpoch}), so this store adds no frame of its own.
 *
 * <p>Checkpoints written before (this store's format 1) wrapped the engine's bytes in a second frame, which is
 * still read, checked and taken off:
 *
 * <pre>
 * "ENGRAMCP"   8 bytes
 * version      int, 1
 * epoch        int, the epoch the state is after
 * length       long, bytes of state
 * state        the engine's bytes
 * crc32        int, of everything before it
 * </pre>
 *
 * All numbers big-endian ({@link java.io.DataOutput}). One instance serves one trial on one thread.
 */
final class CheckpointFile implements TrialCheckpoints {

    static final String FILE = "checkpoint.bin";
    /** The version of the old frame, the only one there was. */
    static final int FRAMED_VERSION = 1;
    private static final byte[] MAGIC = "ENGRAMCP".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 4 + 4 + 8;
    private static final int TRAILER = 4;

    /** Reads the epoch of the engine's bytes, checking them; a message says what is wrong. */
    interface EpochReader {
        int epoch(byte[] state) throws IOException;
    }

    private final Path file;
    private final Path runFolder;
    private final AtomicFiles files;
    private final EpochReader epochs;
    private final OptionalInt openedAt;
    /** The state read by {@link #open}, handed to the engine once rather than read twice. */
    private byte[] pending;

    private CheckpointFile(Path file, Path runFolder, AtomicFiles files, EpochReader epochs, OptionalInt openedAt,
            byte[] pending) {
        this.file = file;
        this.runFolder = runFolder;
        this.files = files;
        this.epochs = epochs;
        this.openedAt = openedAt;
        this.pending = pending;
    }

    /**
     * The checkpoint store of the trial folder {@code trialFolder}, with the checkpoint already there read and
     * checked.
     *
     * @param runFolder for the resume command in messages
     * @param epochs    the engine's reading of its own bytes ({@link Engine#checkpointEpoch})
     * @throws IOException naming the file and what is wrong with it, when one is there but cannot be read
     */
    static CheckpointFile open(Path trialFolder, Path runFolder, AtomicFiles files, EpochReader epochs) throws IOException {
        Path file = trialFolder.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new CheckpointFile(file, runFolder, files, epochs, OptionalInt.empty(), null);
        } catch (IOException e) {
            throw unreadable(file, runFolder, "cannot read it (" + e + ")", e);
        }
        Checkpoint c = decode(file, runFolder, bytes, epochs);
        return new CheckpointFile(file, runFolder, files, epochs, OptionalInt.of(c.epoch), c.state);
    }

    /** The epoch of the checkpoint that was there when opened: the trial continues after it. */
    OptionalInt openedAt() {
        return openedAt;
    }

    Path file() {
        return file;
    }

    @Override
    public Optional<byte[]> latest() throws IOException {
        byte[] state = pending;
        if (state != null) {
            pending = null;
            return Optional.of(state);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unreadable(file, runFolder, "cannot read it (" + e + ")", e);
        }
        return Optional.of(decode(file, runFolder, bytes, epochs).state);
    }

    @Override
    public void save(int epoch, byte[] state) throws IOException {
        pending = null;
        if (Files.exists(file.resolveSibling(StudyRun.DONE))) {
            // another copy of the trial (a requeued Slurm task) finished it: a checkpoint would only be left behind
            return;
        }
        try {
            files.write(file, out -> out.write(state));
        } catch (IOException e) {
            throw WriteFailures.cannotWrite(file, runFolder, e);
        }
    }

    /** Deletes the checkpoint: the trial is finished and will never continue from it. */
    void delete() throws IOException {
        pending = null;
        Files.deleteIfExists(file);
    }

    private record Checkpoint(int epoch, byte[] state) {
    }

    /** The engine's bytes and their epoch, from a file as it is now or in the old frame. */
    private static Checkpoint decode(Path file, Path runFolder, byte[] bytes, EpochReader epochs) throws IOException {
        if (bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return unframe(file, runFolder, bytes);
        }
        int epoch;
        try {
            epoch = epochs.epoch(bytes);
        } catch (IOException e) {
            throw unreadable(file, runFolder, e.getMessage(), e);
        }
        if (epoch < 0) {
            throw unreadable(file, runFolder, "it names epoch " + epoch + ", which no trial has", null);
        }
        return new Checkpoint(epoch, bytes);
    }

    /** A checkpoint in the old frame: checked, then the engine's bytes inside it. */
    private static Checkpoint unframe(Path file, Path runFolder, byte[] bytes) throws IOException {
        if (bytes.length < HEADER + TRAILER) {
            throw unreadable(file, runFolder, "it is cut short (" + bytes.length + " bytes; a checkpoint has at least "
                    + (HEADER + TRAILER) + ")", null);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int version = b.getInt(MAGIC.length);
        if (version != FRAMED_VERSION) {
            throw unreadable(file, runFolder, "it has format version " + version + " and this Engram reads version "
                    + FRAMED_VERSION + " (the Engram that wrote it can finish the run)", null);
        }
        int epoch = b.getInt(MAGIC.length + 4);
        long length = b.getLong(MAGIC.length + 8);
        if (length != bytes.length - HEADER - TRAILER) {
            throw unreadable(file, runFolder, "its header announces " + length + " bytes of state but it holds "
                    + (bytes.length - HEADER - TRAILER) + " (the file is cut short or damaged)", null);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - TRAILER);
        if ((int) crc.getValue() != b.getInt(bytes.length - TRAILER)) {
            throw unreadable(file, runFolder, "its checksum does not match its content (the file is damaged)", null);
        }
        if (epoch < 0) {
            throw unreadable(file, runFolder, "it names epoch " + epoch + ", which no trial has", null);
        }
        return new Checkpoint(epoch, Arrays.copyOfRange(bytes, HEADER, bytes.length - TRAILER));
    }

    private static IOException unreadable(Path file, Path runFolder, String what, IOException cause) {
        return new IOException("cannot read the checkpoint " + file + ": " + what + ". Delete it, then 'engram resume "
                + runFolder + "' reruns this trial from its first epoch", cause);
    }
}

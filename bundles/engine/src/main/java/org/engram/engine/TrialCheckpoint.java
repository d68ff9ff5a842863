package org.engram.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.engram.api.engine.EpochResult;

/**
 * A trial's state after an epoch, in the engine's checkpoint format (version {@value #VERSION}):
 *
 * <pre>
 *   "ENGRAMCK"                      8 bytes, the magic
 *   int     format version
 *   int     number of blocks, then per block: string name, int length, that many bytes
 *   int     CRC-32C of every byte before it
 * </pre>
 *
 * The blocks, in order: {@code trial} (the fingerprint: int n, then n key/value strings, sorted by key),
 * {@code epochs} (int epochs done, int n, then n epoch records: int epoch, double train accuracy, double
 * test accuracy, double seconds, int m, m metric name/value pairs), then the parts, each its owner's bytes:
 * {@code network}, {@code data-order}, {@code learner}, {@code memory/<i>}, {@code neuron/<layer>}. Big-endian
 * ({@link java.io.DataOutput}); a string is an int length and that many UTF-8 bytes; a double is its raw bits.
 * The lengths let a reader name the part that is cut short or that its owner misreads; the checksum catches
 * bytes damaged on disk before anything is restored.
 *
 * @param fingerprint what the trial's numbers depend on, as its provenance records them
 * @param epoch       the last epoch done
 * @param results     every epoch's record so far, epoch 0 first
 * @param parts       each part's bytes by block name, in order
 */
record TrialCheckpoint(Map<String, String> fingerprint, int epoch, List<EpochResult> results, Map<String, byte[]> parts) {

    static final int VERSION = 1;
    private static final byte[] MAGIC = "ENGRAMCK".getBytes(StandardCharsets.US_ASCII);
    private static final String TRIAL = "trial";
    private static final String EPOCHS = "epochs";

    /** Bytes that are not a checkpoint this engine can read; the message says what is wrong with them. */
    static final class UnreadableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableException(String message) {
            super(message, null, false, false);
        }
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(2 + parts.size());
            writeBlock(out, TRIAL, encodeFingerprint());
            writeBlock(out, EPOCHS, encodeResults());
            for (Map.Entry<String, byte[]> part : parts.entrySet()) {
                writeBlock(out, part.getKey(), part.getValue());
            }
            out.flush();
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    /** Reads and checks the whole file; nothing of it is trusted before its checksum matches. */
    static TrialCheckpoint decode(byte[] bytes) throws UnreadableException {
        if (bytes.length < MAGIC.length + 12) {
            throw new UnreadableException("it holds only " + bytes.length + " bytes, fewer than any checkpoint");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new UnreadableException("it is not an Engram checkpoint (its first bytes are not 'ENGRAMCK')");
            }
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, bytes.length - MAGIC.length));
        try {
            int version = in.readInt();
            if (version != VERSION) {
                throw new UnreadableException("it is in checkpoint format " + version + "; this engine reads format " + VERSION);
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            int stored = ((bytes[bytes.length - 4] & 0xff) << 24) | ((bytes[bytes.length - 3] & 0xff) << 16)
                    | ((bytes[bytes.length - 2] & 0xff) << 8) | (bytes[bytes.length - 1] & 0xff);
            if ((int) crc.getValue() != stored) {
                throw new UnreadableException("its checksum does not match its " + bytes.length
                        + " bytes: the file is truncated or damaged");
            }
            int blocks = in.readInt();
            if (blocks < 2) {
                throw new UnreadableException("it holds " + blocks + " blocks; a checkpoint holds at least the trial and its epochs");
            }
            Map<String, byte[]> parts = new LinkedHashMap<>();
            Map<String, String> fingerprint = null;
            int epoch = -1;
            List<EpochResult> results = null;
            for (int b = 0; b < blocks; b++) {
                String name = readString(in, "the name of block " + (b + 1));
                int length = in.readInt();
                if (length < 0 || length > in.available() - 4) {
                    throw new UnreadableException("block '" + name + "' claims " + length + " bytes; only "
                            + Math.max(0, in.available() - 4) + " remain");
                }
                byte[] block = in.readNBytes(length);
                if (b == 0) {
                    expect(name, TRIAL);
                    fingerprint = decodeFingerprint(block);
                } else if (b == 1) {
                    expect(name, EPOCHS);
                    DataInputStream r = new DataInputStream(new ByteArrayInputStream(block));
                    epoch = r.readInt();
                    results = decodeResults(r);
                    if (r.available() != 0) {
                        throw new UnreadableException("block 'epochs' has " + r.available() + " bytes after its records");
                    }
                } else if (parts.put(name, block) != null) {
                    throw new UnreadableException("block '" + name + "' occurs twice");
                }
            }
            if (in.available() != 4) {
                throw new UnreadableException((in.available() - 4) + " bytes follow the last block");
            }
            return new TrialCheckpoint(fingerprint, epoch, results, parts);
        } catch (EOFException e) {
            throw new UnreadableException("it ends inside a block: the file is truncated");
        } catch (IOException e) {
            throw new UnreadableException("it cannot be parsed: " + e.getMessage());
        }
    }

    private static void expect(String name, String expected) throws UnreadableException {
        if (!name.equals(expected)) {
            throw new UnreadableException("block '" + name + "' stands where block '" + expected + "' belongs");
        }
    }

    private byte[] encodeFingerprint() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Map<String, String> sorted = new TreeMap<>(fingerprint);
        out.writeInt(sorted.size());
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        return bytes.toByteArray();
    }

    private static Map<String, String> decodeFingerprint(byte[] block) throws IOException, UnreadableException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(block));
        int n = in.readInt();
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            out.put(readString(in, "a fingerprint key"), readString(in, "a fingerprint value"));
        }
        if (in.available() != 0) {
            throw new UnreadableException("block 'trial' has " + in.available() + " bytes after its entries");
        }
        return out;
    }

    private byte[] encodeResults() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(epoch);
        out.writeInt(results.size());
        for (EpochResult r : results) {
            out.writeInt(r.epoch());
            writeDouble(out, r.trainAccuracy());
            writeDouble(out, r.testAccuracy());
            writeDouble(out, r.seconds());
            Map<String, Double> metrics = new TreeMap<>(r.metrics());
            out.writeInt(metrics.size());
            for (Map.Entry<String, Double> m : metrics.entrySet()) {
                writeString(out, m.getKey());
                writeDouble(out, m.getValue());
            }
        }
        return bytes.toByteArray();
    }

    private static List<EpochResult> decodeResults(DataInputStream in) throws IOException, UnreadableException {
        int n = in.readInt();
        if (n < 1 || n > in.available()) {
            throw new UnreadableException("block 'epochs' claims " + n + " epoch records");
        }
        List<EpochResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int epoch = in.readInt();
            double train = in.readDouble();
            double test = in.readDouble();
            double seconds = in.readDouble();
            int m = in.readInt();
            if (m < 0 || m > in.available()) {
                throw new UnreadableException("epoch record " + epoch + " claims " + m + " metrics");
            }
            Map<String, Double> metrics = new TreeMap<>();
            for (int k = 0; k < m; k++) {
                metrics.put(readString(in, "a metric name"), in.readDouble());
            }
            out.add(new EpochResult(epoch, train, test, metrics, seconds));
        }
        return out;
    }

    private static void writeBlock(DataOutputStream out, String name, byte[] block) throws IOException {
        writeString(out, name);
        out.writeInt(block.length);
        out.write(block);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in, String what) throws IOException, UnreadableException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new UnreadableException(what + " claims " + length + " bytes; only " + in.available() + " remain");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** Raw bits, so a restored record equals the saved one bit for bit. */
    private static void writeDouble(DataOutputStream out, double v) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(v));
    }
}

package org.engram.numerics.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Helpers for {@code Checkpointable} implementations. Arrays are written as their length, then each value's
 * raw bits, so a restored array equals the saved one bit for bit (NaN payloads and signed zeros included);
 * a reader checks the length against the array it restores into and names the part that does not fit.
 */
public final class StateIo {

    private StateIo() {
    }

    public static void writeDoubles(DataOutput out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
    }

    /**
     * Reads what {@link #writeDoubles} wrote into {@code into}, which must have the saved length.
     *
     * @param what names the array in the error, e.g. {@code "the readout weights of layer 0"}
     */
    public static void readDoubles(DataInput in, double[] into, String what) throws IOException {
        expectLength(in.readInt(), into.length, what);
        for (int i = 0; i < into.length; i++) {
            into[i] = Double.longBitsToDouble(in.readLong());
        }
    }

    public static void writeLongs(DataOutput out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    public static void readLongs(DataInput in, long[] into, String what) throws IOException {
        expectLength(in.readInt(), into.length, what);
        for (int i = 0; i < into.length; i++) {
            into[i] = in.readLong();
        }
    }

    public static void writeInts(DataOutput out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    public static void readInts(DataInput in, int[] into, String what) throws IOException {
        expectLength(in.readInt(), into.length, what);
        for (int i = 0; i < into.length; i++) {
            into[i] = in.readInt();
        }
    }

    /** One double by its raw bits; read it back with {@link DataInput#readDouble}. */
    public static void writeDouble(DataOutput out, double value) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(value));
    }

    /**
     * Draws a new seed from {@code random}, writes it and returns a generator started from it: the caller
     * continues with that generator, and {@link #readGenerator} gives a resumed run the very same one.
     * (A {@link SplittableRandom}'s state cannot be read out, so it is replaced rather than saved.)
     */
    public static SplittableRandom reseed(SplittableRandom random, DataOutput out) throws IOException {
        long seed = random.nextLong();
        out.writeLong(seed);
        return new SplittableRandom(seed);
    }

    /** The generator {@link #reseed} continued with. */
    public static SplittableRandom readGenerator(DataInput in) throws IOException {
        return new SplittableRandom(in.readLong());
    }

    /** Writes a short name of what follows, so a reader can tell that it is reading the right thing. */
    public static void writeTag(DataOutput out, String tag) throws IOException {
        out.writeUTF(tag);
    }

    /** Reads a {@link #writeTag tag} and fails, naming both, unless it is {@code expected}. */
    public static void expectTag(DataInput in, String expected) throws IOException {
        String found = in.readUTF();
        if (!found.equals(expected)) {
            throw new IOException("expected the state of " + expected + ", found that of " + found);
        }
    }

    private static void expectLength(int saved, int expected, String what) throws IOException {
        if (saved != expected) {
            throw new IOException(what + ": the state holds " + saved + " values, this trial has " + expected);
        }
    }
}

package org.engram.numerics.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StateIoTest {

    @Test
    void arraysComeBackBitForBitIncludingNanPayloadsAndSignedZeros() throws IOException {
        double oddNan = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
        double[] doubles = {1.5, -0.0, 0.0, oddNan, Double.NEGATIVE_INFINITY, Double.MIN_VALUE};
        long[] longs = {Long.MIN_VALUE, 0, 7};
        int[] ints = {3, 1, 2};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        StateIo.writeDoubles(out, doubles);
        StateIo.writeLongs(out, longs);
        StateIo.writeInts(out, ints);
        StateIo.writeDouble(out, oddNan);

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        double[] d = new double[doubles.length];
        long[] l = new long[longs.length];
        int[] i = new int[ints.length];
        StateIo.readDoubles(in, d, "d");
        StateIo.readLongs(in, l, "l");
        StateIo.readInts(in, i, "i");
        for (int k = 0; k < d.length; k++) {
            assertEquals(Double.doubleToRawLongBits(doubles[k]), Double.doubleToRawLongBits(d[k]), "entry " + k);
        }
        assertArrayEquals(longs, l);
        assertArrayEquals(ints, i);
        assertEquals(Double.doubleToRawLongBits(oddNan), Double.doubleToRawLongBits(in.readDouble()));
        assertEquals(0, in.available());
    }

    @Test
    void aLengthThatDoesNotFitIsNamedAndATruncatedArrayEndsTheStream() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StateIo.writeDoubles(new DataOutputStream(bytes), new double[3]);
        byte[] saved = bytes.toByteArray();
        IOException e = assertThrows(IOException.class,
                () -> StateIo.readDoubles(new DataInputStream(new ByteArrayInputStream(saved)), new double[2], "the readout"));
        assertEquals("the readout: the state holds 3 values, this trial has 2", e.getMessage());
        byte[] cut = java.util.Arrays.copyOf(saved, saved.length - 1);
        assertThrows(EOFException.class,
                () -> StateIo.readDoubles(new DataInputStream(new ByteArrayInputStream(cut)), new double[3], "the readout"));
    }

    @Test
    void aReseededGeneratorIsTheOneAReaderGetsBack() throws IOException {
        SplittableRandom random = new SplittableRandom(9);
        random.nextDouble();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SplittableRandom continued = StateIo.reseed(random, new DataOutputStream(bytes));
        SplittableRandom restored = StateIo.readGenerator(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int k = 0; k < 100; k++) {
            assertEquals(continued.nextLong(), restored.nextLong());
        }
    }

    @Test
    void aTagOfAnotherPartIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StateIo.writeTag(new DataOutputStream(bytes), "lstm");
        IOException e = assertThrows(IOException.class,
                () -> StateIo.expectTag(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), "reservoir"));
        assertTrue(e.getMessage().contains("expected the state of reservoir, found that of lstm"), e.getMessage());
    }
}

package org.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.engram.api.Checkpointable;

/**
 * Saves and restores one {@link Checkpointable} part the way the engine does: {@code writeState} into a
 * block of bytes, {@code readState} of that block on a fresh object, which must read all of it and no more
 * (the engine refuses a part whose reader and writer disagree on the length).
 */
public final class Checkpoints {

    private Checkpoints() {
    }

    /** The part's state, as the engine saves it at the end of an epoch (the part may reseed its generators). */
    public static byte[] save(Checkpointable part) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        part.writeState(out);
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * Restores {@code state} into {@code part} and asserts that {@code readState} read exactly what
     * {@code writeState} wrote.
     *
     * @param what names the part in the failure message
     */
    public static void restore(Checkpointable part, byte[] state, String what) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        part.readState(in);
        assertEquals(0, in.available(), what + ": readState left " + in.available() + " of the " + state.length
                + " bytes that writeState wrote unread");
    }
}

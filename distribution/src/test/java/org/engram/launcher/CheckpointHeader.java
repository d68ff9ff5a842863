package org.engram.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** What the ITs that kill a trial read of its {@code checkpoint.bin}. */
final class CheckpointHeader {

    private CheckpointHeader() {
    }

    /**
     * The epoch of the trial's checkpoint, or -1 while it has none. The file is the engine's format as it is
     * (bundles/engine/README.md): {@code ENGRAMCK}, the version, the number of blocks, then named, length-prefixed
     * blocks, of which {@code epochs} starts with the epoch.
     */
    static int epoch(Path trial) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(trial.resolve("checkpoint.bin"));
        } catch (NoSuchFileException e) {
            return -1;
        }
        assertEquals("ENGRAMCK", new String(bytes, 0, 8, StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int at = 16;
        for (int block = 0; block < 2; block++) {
            int nameLength = b.getInt(at);
            String name = new String(bytes, at + 4, nameLength, StandardCharsets.UTF_8);
            at += 4 + nameLength;
            int length = b.getInt(at);
            at += 4;
            if (name.equals("epochs")) {
                return b.getInt(at);
            }
            at += length;
        }
        throw new AssertionError("the checkpoint of " + trial + " has no block 'epochs' among its first two");
    }

}

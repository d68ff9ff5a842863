package org.engram.memory.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.memory.Memory;
import org.engram.api.param.Parameters;
import org.engram.numerics.network.SlidingWindow;
import org.engram.testkit.TestMemoryTasks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the LSTM memory's numbers: the SHA-256 of the raw bits of every signal of 40 requests while it learns
 * (truncated BPTT through 3 and through 6 steps, AdamW), so a speed-up that changes a sum's order or an operation
 * changes the hash. The pinned values are those of the LSTM before its one-pass ∂W, which reproduces them bit for bit.
 */
class LstmChecksumTest {

    private static final LstmMemory PLUGIN = new LstmMemory();

    static String signalHash(int truncation) {
        Parameters parameters = Parameters.resolve("memory 'lstm'", PLUGIN.parameters(), Map.of("hiddenUnits", 12,
                "truncation", truncation));
        Memory memory = PLUGIN.create(TestMemoryTasks.frontiersExperiment(3, 6), parameters, new TestTrialContext(29));
        SplittableRandom random = new SplittableRandom(9);
        SlidingWindow window = new SlidingWindow(3, 20, 4);
        double[] out = new double[6];
        ByteBuffer bits = ByteBuffer.allocate(40 * 6 * Long.BYTES);
        for (int request = 0; request < 40 + 2; request++) {
            window.push(random.doubles(20, -1, 1).toArray(), random.nextInt(4), 1);
            double[] activity = random.doubles(3 * 6, 0, 1).toArray();
            if (!window.isFull()) {
                continue;
            }
            memory.signal(0, window, activity, out);
            for (double v : out) {
                bits.putLong(Double.doubleToRawLongBits(v));
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bits.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "truncation {0}")
    @CsvSource({"3, 8327447d87682ed13a2c7f70f26c750b1b38176cd2a62561e9110a6a7531dce8",
        "6, 2d83bfc1d2825d71951bac9b61007bf64fb1fa7e03125e88e913b46050a0caeb"})
    void signalsAreThePinnedOnesBitForBit(int truncation, String expected) {
        assertEquals(expected, signalHash(truncation));
    }
}

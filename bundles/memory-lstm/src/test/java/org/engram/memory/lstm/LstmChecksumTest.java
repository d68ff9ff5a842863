package org.engram.memory.lstm;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_1000003;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.engram.api.memory.Memory;
import org.engram.api.param.Parameters;
import org.engram.testkit.SignalStream;
import org.engram.testkit.TestMemoryTasks;
import org.engram.testkit.TestTrialContext;
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
        Memory memory = PLUGIN.create(TestMemoryTasks.frontiersExperiment(3, 6), parameters, new TestTrialContext(29, LEGACY_1000003));
        return SignalStream.signalHash(memory, 40, 9);
    }

    @ParameterizedTest(name = "truncation {0}")
    @CsvSource({"3, 8327447d87682ed13a2c7f70f26c750b1b38176cd2a62561e9110a6a7531dce8",
        "6, 2d83bfc1d2825d71951bac9b61007bf64fb1fa7e03125e88e913b46050a0caeb"})
    void signalsAreThePinnedOnesBitForBit(int truncation, String expected) {
        assertEquals(expected, signalHash(truncation));
    }
}

package org.engram.memory.reservoir;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_1000003;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.engram.api.memory.Memory;
import org.engram.api.param.Parameters;
import org.engram.compute.java.JavaComputeBackend;
import org.engram.testkit.SignalStream;
import org.engram.testkit.TestMemoryTasks;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the reservoir's numbers on the real Java backend: the SHA-256 of the raw bits of every signal of 30
 * requests (both noises on, so the generator's draws are pinned too). A speed-up that changes a sum's order or
 * an operation changes the hash; the pinned values are those of the reservoir before its fused loops, which
 * reproduce them bit for bit.
 */
class ReservoirChecksumTest {

    private static final ReservoirMemory PLUGIN = new ReservoirMemory();

    /** The hash of 30 requests' signals of a 300-unit reservoir with the given readout, 10 steps a request. */
    static String signalHash(String readout) {
        Parameters parameters = Parameters.resolve("memory 'reservoir'", PLUGIN.parameters(), Map.of("units", 300,
                "steps", 10, "hiddenNoise", 0.01, "outputNoise", 0.01, "readout", readout, "averageSteps", 3));
        Memory memory = PLUGIN.create(TestMemoryTasks.frontiersExperiment(3, 6), parameters,
                new TestTrialContext(23, LEGACY_1000003).withBackend(new JavaComputeBackend()));
        return SignalStream.signalHash(memory, 30, 8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"LMS, 34329a45c8a0956aa58ec638d42f15f611601e05060decd4f5ef04cd1f0263e3",
        "RMHEBB, 6445714320456afa8b2e80c0eb64d92e413888aeb1a91ec8ee7e59535e242120"})
    void signalsAreThePinnedOnesBitForBit(String readout, String expected) {
        assertEquals(expected, signalHash(readout));
    }
}

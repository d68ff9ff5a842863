package org.engram.memory.lstm;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_1000003;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.memory.Memory;
import org.engram.api.param.Parameters;
import org.engram.compute.java.JavaComputeBackend;
import org.engram.testkit.SignalStream;
import org.engram.testkit.TestMemoryTasks;
import org.engram.testkit.TestTrialContext;
import org.junit.jupiter.api.Test;

/**
 * The LSTM memory on the real Java backend: on a trial's view with two threads its weight gradient (the rows of ∂W
 * in two blocks) and its AdamW update (24 710 parameters at the default 64 hidden units on a sample of 30 entries,
 * enough to split) run in parts on both, and every signal is the one-thread one bit for bit.
 */
class LstmBackendsTest {

    private static final LstmMemory PLUGIN = new LstmMemory();

    private static String signalHash(ComputeBackend backend) {
        Parameters parameters = Parameters.resolve("memory 'lstm'", PLUGIN.parameters(), Map.of());
        Memory memory = PLUGIN.create(TestMemoryTasks.frontiersExperiment(3, 6), parameters,
                new TestTrialContext(29, LEGACY_1000003).withBackend(backend));
        return SignalStream.signalHash(memory, 40, 9);
    }

    @Test
    void twoThreadsGiveTheOneThreadSignalsBitForBit() {
        JavaComputeBackend java = new JavaComputeBackend();
        ComputeBackend twoThreads = java.forTrial(Parameters.resolve("backend 'java'", java.parameters(), Map.of("threads", 2)), 2);
        try {
            assertEquals(signalHash(java), signalHash(twoThreads));
        } finally {
            twoThreads.close();
        }
    }
}

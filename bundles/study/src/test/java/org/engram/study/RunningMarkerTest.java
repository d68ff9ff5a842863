package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningMarkerTest {

    @TempDir
    Path trial;

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);

    @Test
    void outsideSlurmTheMarkerHoldsHostPidAndStartOnly() {
        assertEquals("host=login1\npid=42\nstarted=2026-03-04T05:06:07Z\n",
                new RunningMarker("login1", 42, k -> null, CLOCK).content());
    }

    @Test
    void aMarkerReadsBackFieldByFieldAndNoMarkerIsEmpty() throws Exception {
        Map<String, String> env = Map.of("SLURM_JOB_ID", "12", "SLURM_ARRAY_JOB_ID", "10", "SLURM_ARRAY_TASK_ID", "2");
        Files.writeString(trial.resolve("RUNNING"), new RunningMarker("node2", 7, env::get, CLOCK).content());

        assertEquals(Map.of("host", "node2", "pid", "7", "started", "2026-03-04T05:06:07Z", "slurmJobId", "12",
                "slurmArrayJobId", "10", "slurmArrayTaskId", "2"), RunningMarker.read(trial));
        assertEquals(Map.of(), RunningMarker.read(trial.resolve("missing")));
    }

    @Test
    void theHostIsTheNodeSlurmNamesElseThisMachinesName() {
        assertEquals("node3", RunningMarker.localHost(Map.of("SLURMD_NODENAME", "node3")::get));
        assertEquals(RunningMarker.localHost(k -> null), RunningMarker.localHost(Map.of("SLURMD_NODENAME", " ")::get));
    }
}

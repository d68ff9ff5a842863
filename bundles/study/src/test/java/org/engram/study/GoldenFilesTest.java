package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.engram.api.study.StudyListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persisted formats, pinned: a change to any of them shows up here as a diff against
 * {@code src/test/resources/golden/}, and must be deliberate (and documented in docs/studies.md).
 */
class GoldenFilesTest {

    @TempDir
    Path root;

    private static String golden(String name) throws IOException {
        try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void runFilesMatchTheGoldenOnes() throws Exception {
        StudyComponent service = new StudyComponent(new FakeEngine(),
                Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC), () -> Optional.of(StudyComponentTest.GIT));
        Path f = service.run(service.parse(StudyComponentTest.TINY, "tiny.yaml"), root, StudyListener.NONE).folder();
        assertEquals(golden("resolved.yaml"), Files.readString(f.resolve("resolved.yaml")));
        assertEquals(golden("summary.csv"), Files.readString(f.resolve("summary.csv")));
        assertEquals(golden("metrics.csv"), Files.readString(f.resolve("ib_window=4_seed=2/metrics.csv")));
        // the engine's times are the run's own
        assertEquals(golden("provenance.json"), Files.readString(f.resolve("ib_window=4_seed=2/provenance.json"))
                .replaceAll("\"(start|end)\": \"[^\"]+\"", "\"$1\": \"<time>\""));
    }
}

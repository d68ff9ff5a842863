package org.engram.sdk.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The API as built against its baseline, for the case bnd 7.1.0 misjudges (see {@link ConsumerTypeCheck}). */
class ConsumerTypesGrowOnlyWithAMajorBumpTest {

    @Test
    void noConsumerInterfaceGainedAnAbstractMethodWithoutAMajorBump() throws Exception {
        Path root = Path.of(System.getProperty("engram.root", "../.."));
        Path baseline = ConsumerTypeCheck.baselineJar(root);
        assertTrue(Files.isRegularFile(baseline), "no baseline jar " + baseline);
        Path current = ConsumerTypeCheck.builtApi(root);

        assertEquals(java.util.List.of(), ConsumerTypeCheck.problems(baseline, current));
    }
}

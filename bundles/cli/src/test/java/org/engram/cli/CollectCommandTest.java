package org.engram.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.engram.api.study.Study;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyService;
import org.engram.study.StudyComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram collect} on a folder whose trials ran one per process, against a whole local run of the study. */
class CollectCommandTest {

    @TempDir
    Path dir;

    private final ReplayCommandTest.CurveEngine engine = new ReplayCommandTest.CurveEngine();
    private final StudyService studies = new StudyComponent(engine);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int engram(String... args) {
        return Cli.execute(engine, studies, new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void collectingTrialsRunOneByOneGivesTheSummaryAndPlotsOfALocalRun() throws Exception {
        Study study = studies.parse(SubmitCommandTest.STUDY, "tiny.yaml");
        Path local = studies.run(study, dir.resolve("local"), StudyListener.NONE).folder();
        Path parts = studies.prepare(study, dir.resolve("parts"));
        for (String k : List.of("2", "0", "1")) {
            assertEquals(0, engram("run", "--trial", k, parts.toString(), "-q"), err.toString());
        }
        out.getBuffer().setLength(0);

        assertEquals(0, engram("collect", parts.toString()), err.toString());

        assertEquals("study tiny: 3 of 3 trials done\nresults: " + parts + " (report.html, summary.csv, comparisons.csv, accuracy.png, metrics.png)\n", out.toString());
        assertEquals("", err.toString());
        for (String file : List.of("summary.csv", "comparisons.csv", "accuracy.png", "metrics.png")) {
            assertArrayEquals(Files.readAllBytes(local.resolve(file)), Files.readAllBytes(parts.resolve(file)), file);
        }
    }

    @Test
    void collectingBeforeEveryTrialIsDoneSummarisesTheFinishedOnesAndExitsOne() throws Exception {
        Path parts = studies.prepare(studies.parse(SubmitCommandTest.STUDY, "tiny.yaml"), dir.resolve("parts"));
        studies.runTrials(parts, List.of("1"), StudyListener.NONE);
        Files.createDirectories(parts.resolve("tiny_seed=3"));
        Files.writeString(parts.resolve("tiny_seed=3/failure.txt"), "tiny_seed=3: out of patience\n\ntrace\n");

        assertEquals(1, engram("collect", parts.toString()));

        assertEquals("study tiny: 1 of 3 trials done, 1 failed, 1 not finished\nresults: " + parts
                + " (report.html, summary.csv, comparisons.csv, accuracy.png, metrics.png, failures.txt)\n", out.toString());
        assertEquals("failed: tiny_seed=3: out of patience\nnot finished: tiny_seed=1\nthe summary holds the finished trials "
                + "only; 'engram status " + parts + "' tells where the others stand, 'engram resume " + parts + "' runs them "
                + "here\n", err.toString());
        assertTrue(Files.readString(parts.resolve("summary.csv")).contains("\ntiny,tiny,2,1,"), "n = 1 finished seed");
        assertEquals(2, engram("collect", dir.toString()));
    }
}

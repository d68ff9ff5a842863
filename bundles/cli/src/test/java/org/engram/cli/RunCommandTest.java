package org.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.study.InvalidStudyException;
import org.engram.api.study.Study;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyOutcome;
import org.engram.api.study.StudyService;
import org.engram.api.study.StudyTrial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static StudyTrial trial(String id) {
        TrialSpec spec = new TrialSpec(id, "xor", Map.of(), List.of(new LayerSpec(2, "linear", Map.of())), "backprop",
                Map.of(), null, Map.of(), null, Map.of(), 1, 2, 0, 0);
        return new StudyTrial(id, id, id, Map.of(), 1, spec);
    }

    /** Runs its two trials through the listener; trial "b" fails when asked to. */
    private final class FakeStudies implements StudyService {
        boolean failB;
        Path runsRoot;
        Path resumed;

        @Override
        public Study load(Path file) throws InvalidStudyException {
            if (file.toString().contains("bad")) {
                throw new InvalidStudyException(file.toString(), List.of(file + ":2: epochs is 0; it must be at least 1"));
            }
            return parse("", file.toString());
        }

        @Override
        public Study parse(String text, String source) {
            return new Study("s", source, text, 1, List.of(trial("a"), trial("b")));
        }

        @Override
        public StudyOutcome run(Study study, Path root, StudyListener l) throws IOException {
            runsRoot = root;
            if (study.source().contains("full")) {
                throw new IOException("cannot write " + root + "/s/summary.csv: the disk is full (No space left on device). "
                        + "Free some space or use a folder on another disk, then finish the run with: engram resume " + root + "/s");
            }
            Path folder = Files.createDirectories(root.resolve("s-20260101-000000"));
            Files.writeString(folder.resolve("summary.csv"), "");
            l.started(study, folder, study.trials());
            Map<String, String> failures = new LinkedHashMap<>();
            for (StudyTrial t : study.trials()) {
                l.trialStarted(t);
                for (int e = 0; e <= 2; e++) {
                    l.progress(t, e, 500, 1000);
                    l.epochDone(t, new EpochResult(e, 0.5, 0.25 * e, Map.of(), 0.5));
                }
                if (failB && t.id().equals("b")) {
                    failures.put("b", "rule 'crash' divided by zero");
                    l.trialFailed(t, failures.get("b"));
                } else {
                    l.trialDone(t, new TrialResult(t.spec(), List.of(new EpochResult(2, 0.5, 0.5, Map.of(), 0.5)), Map.of()));
                }
            }
            List<String> completed = failB ? List.of("a") : List.of("a", "b");
            StudyOutcome o = new StudyOutcome(study, folder, completed, List.of(), failures, List.of());
            l.finished(o);
            return o;
        }

        @Override
        public StudyOutcome resume(Path runFolder, StudyListener l) throws InvalidStudyException {
            resumed = runFolder;
            if (!runFolder.getFileName().toString().startsWith("s-")) {
                throw new InvalidStudyException(runFolder.toString(), List.of(runFolder + ": no study.yaml here"));
            }
            Study s = parse("", "study.yaml");
            return new StudyOutcome(s, runFolder, List.of("b"), List.of("a"), Map.of(), List.of());
        }

        @Override
        public Path prepare(Study study, Path root) {
            throw new UnsupportedOperationException("not used by run");
        }

        @Override
        public StudyOutcome runTrials(Path runFolder, List<String> trials, StudyListener l) {
            throw new UnsupportedOperationException("RunTrialsTest runs trials on the real study service");
        }

        @Override
        public StudyOutcome collect(Path runFolder) {
            throw new UnsupportedOperationException("not used by run");
        }

        @Override
        public List<org.engram.api.study.TrialStatus> status(Path runFolder) {
            throw new UnsupportedOperationException("not used by run");
        }

        @Override
        public org.engram.api.study.TrialRecord readRecord(Path record) {
            throw new UnsupportedOperationException("not used by run");
        }

        @Override
        public List<org.engram.api.engine.EpochResult> readMetrics(Path metrics) {
            throw new UnsupportedOperationException("not used by run");
        }
    }

    private final FakeStudies studies = new FakeStudies();

    private int run(String... args) {
        return Cli.execute(new CliTest.FakeEngine(), studies, new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void aStudyWhoseTrialsAllFinishExitsZeroWithALinePerEpochAndTrial() {
        assertEquals(0, run("run", "s.yaml", "--runs", dir.toString()));
        assertEquals(dir, studies.runsRoot);
        String o = out.toString();
        assertTrue(o.startsWith("study s: 2 trials, up to 1 at a time, into " + dir.resolve("s-20260101-000000") + "\n"), o);
        assertTrue(o.contains("[1/2] a  epoch 1/2  test 25.00%  2000 samples/s  ETA "), o);
        assertTrue(o.contains("[2/2] b  epoch 2/2  test 50.00%  2000 samples/s  ETA 0s\n"), o);
        assertTrue(o.contains("[1/2] a  done  test 50.00%  (1 done of 2 after "), o);
        assertTrue(o.endsWith("study s: 2 of 2 trials done\nresults: " + dir.resolve("s-20260101-000000") + " (summary.csv)\n"), o);
        assertEquals("", err.toString());
    }

    @Test
    void aFailedTrialExitsOneAndNamesItWithTheWayToResume() {
        studies.failB = true;
        assertEquals(1, run("run", "s.yaml", "--runs", dir.toString()));
        assertTrue(out.toString().contains("[2/2] b  FAILED: rule 'crash' divided by zero\n"), out.toString());
        assertTrue(out.toString().contains("study s: 1 of 2 trials done, 1 failed\n"), out.toString());
        assertEquals("failed: b: rule 'crash' divided by zero\nto rerun the unfinished trials: engram resume "
                + dir.resolve("s-20260101-000000") + "\n", err.toString());
    }

    @Test
    void anInvalidStudyExitsTwoWithEveryProblem() {
        assertEquals(2, run("run", "bad.yaml"));
        assertEquals("study bad.yaml is invalid (1 problem):\n  - bad.yaml:2: epochs is 0; it must be at least 1\n",
                err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void aRunThatCannotWriteExitsOneWithTheStudyServicesMessageAlone() {
        assertEquals(1, run("run", "full.yaml", "--runs", dir.toString()));
        assertEquals("engram: cannot write " + dir + "/s/summary.csv: the disk is full (No space left on device). Free some "
                + "space or use a folder on another disk, then finish the run with: engram resume " + dir + "/s\n", err.toString());
    }

    @Test
    void quietPrintsOnlyTheResult() {
        assertEquals(0, run("run", "s.yaml", "--runs", dir.toString(), "--quiet"));
        assertEquals("study s: 2 of 2 trials done\nresults: " + dir.resolve("s-20260101-000000") + " (summary.csv)\n",
                out.toString());
    }

    @Test
    void runFoldersGoUnderRunsByDefault() {
        RunCommand c = new RunCommand(studies);
        new picocli.CommandLine(c).parseArgs("s.yaml");
        assertEquals(Path.of("runs"), c.runs);
    }

    @Test
    void resumeReportsWhatWasAlreadyDone() {
        Path folder = dir.resolve("s-20260101-000000");
        assertEquals(0, run("resume", folder.toString()));
        assertEquals(folder, studies.resumed);
        assertEquals("study s: 2 of 2 trials done (1 before this resume)\nresults: " + folder + "\n", out.toString());
        assertEquals(2, run("resume", dir.toString()));
        assertTrue(err.toString().contains("no study.yaml here"), err.toString());
    }

    @Test
    void withoutTheStudyBundleRunSaysWhatIsMissing() {
        int code = Cli.execute(new CliTest.FakeEngine(), new PrintWriter(out), new PrintWriter(err), "run", "s.yaml");
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("engram: studies are not available: the org.engram.study bundle"), err.toString());
    }

    @Test
    void runTrialRunsOnlyTheNamedTrialsOfARunFolderAndADoneOneIsANoOp() throws Exception {
        ReplayCommandTest.CurveEngine curves = new ReplayCommandTest.CurveEngine();
        StudyService real = new org.engram.study.StudyComponent(curves);
        Path folder = real.prepare(real.parse(SubmitCommandTest.STUDY, "tiny.yaml"), dir);
        String f = folder.toString();

        int code = Cli.execute(curves, real, new PrintWriter(out), new PrintWriter(err), "run", "--trial", "2", "--trial",
                "tiny_seed=1", f, "-q");

        assertEquals(0, code, err.toString());
        assertEquals("trial tiny_seed=1: done\ntrial tiny_seed=3: done\n", out.toString(), "in study order");
        assertTrue(Files.exists(folder.resolve("tiny_seed=3/DONE")));
        assertTrue(!Files.exists(folder.resolve("tiny_seed=2")) && !Files.exists(folder.resolve("summary.csv")),
                "nothing else written");
        out.getBuffer().setLength(0);
        assertEquals(0, Cli.execute(curves, real, new PrintWriter(out), new PrintWriter(err), "run", "--trial", "2", f, "-q"));
        assertEquals("trial tiny_seed=3: done already\n", out.toString());
        assertEquals(2, Cli.execute(curves, real, new PrintWriter(out), new PrintWriter(err), "run", "--trial", "3", f));
        assertTrue(err.toString().contains(f + ": the study has no trial 3; give an index from 0 to 2 or an id: tiny_seed=1, "
                + "tiny_seed=2, tiny_seed=3"), err.toString());
    }
}

package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.TrialResult;
import org.engram.api.study.InvalidStudyException;
import org.engram.api.study.Study;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyOutcome;
import org.engram.api.study.StudyTrial;
import org.engram.api.study.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs and resumes of small studies on the fake engine, checked on disk. */
class StudyComponentTest {

    static final String GIT = "0123456789abcdef0123456789abcdef01234567";

    static final String TINY = """
            study: tiny
            epochs: 3
            seeds: [1, 2]
            parallel: 2
            defaults:
              dataset: xor
              network: [{size: 4, neuron: relu-layernorm}, {size: 2, neuron: linear}]
              rule: {name: ib-hebbian, gamma: 2}
            trials:
              - name: ib
              - name: bp
                rule: backprop
            sweep:
              rule.window: [2, 4]
            """;

    @TempDir
    Path root;

    private final FakeEngine engine = new FakeEngine();
    private final StudyComponent service = new StudyComponent(engine,
            Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC), () -> Optional.of(GIT));

    private Study tiny() throws InvalidStudyException {
        return service.parse(TINY, "tiny.yaml");
    }

    /** Every file under a folder by relative path, with its bytes. */
    private static Map<String, byte[]> snapshot(Path folder) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** A provenance file without the engine's start and end times, the only things that differ between runs. */
    private static String withoutTimes(byte[] provenance) {
        return new String(provenance).replaceAll("(?m)^\\s*\"(start|end)\": .*$", "");
    }

    @Test
    void aRunWritesTheStudyEveryTrialTheSummaryAndThePlots() throws Exception {
        StudyOutcome o = service.run(tiny(), root, StudyListener.NONE);
        Path f = root.resolve("tiny-20260102-030405");
        assertEquals(f, o.folder());
        assertTrue(o.succeeded());
        assertEquals(List.of("ib_window=2_seed=1", "ib_window=2_seed=2", "ib_window=4_seed=1", "ib_window=4_seed=2",
                "bp_seed=1", "bp_seed=2"), o.completed());
        assertEquals(TINY, Files.readString(f.resolve("study.yaml")), "the file as given");
        String resolved = Files.readString(f.resolve("resolved.yaml"));
        assertTrue(resolved.contains("- id: ib_window=4_seed=2\n  variant: ib\n  sweep:\n    rule.window: 4\n  seed: 2\n"),
                resolved);
        assertTrue(resolved.contains("    ruleParameters:\n      gamma: 2\n      window: 4\n"), resolved);

        Path trial = f.resolve("ib_window=4_seed=2");
        assertTrue(Files.isRegularFile(trial.resolve("DONE")));
        List<String> metrics = Files.readAllLines(trial.resolve("metrics.csv"));
        assertEquals("epoch,train_accuracy,test_accuracy,seconds,hsic_xz/0,hsic_yz/0", metrics.get(0));
        assertEquals(4, metrics.size() - 1, "epoch 0 and 3 epochs");
        assertTrue(metrics.get(1).startsWith("0,NaN,"), metrics.get(1));
        String provenance = Files.readString(trial.resolve("provenance.json"));
        assertTrue(provenance.startsWith("{\n  \"trial\": \"ib_window=4_seed=2\",\n  \"study\": \"tiny\",\n  \"variant\": \"ib\","
                + "\n  \"sweep\": {\n    \"rule.window\": 4\n  },\n  \"seed\": 2,\n  \"git\": \"" + GIT + "\",\n  \"spec\": {\n"
                + "    \"dataset\": \"xor\",\n"), provenance);
        assertTrue(provenance.contains("\"ruleParameters\": {\n      \"gamma\": 2,\n      \"window\": 4\n    },"), provenance);
        assertTrue(provenance.contains("  \"engine\": {\n    \"end\": "), "the engine's map, sorted: " + provenance);

        List<String> summary = Files.readAllLines(f.resolve("summary.csv"));
        assertEquals("group,variant,rule.window,epoch,n,train_accuracy_mean,train_accuracy_sd,test_accuracy_mean,test_accuracy_sd,"
                + "hsic_xz/0_mean,hsic_xz/0_sd,hsic_yz/0_mean,hsic_yz/0_sd", summary.get(0));
        assertEquals(3 * 4, summary.size() - 1, "three groups, epochs 0..3");
        assertTrue(summary.get(4).startsWith("ib_window=2,ib,2,3,2,"), summary.get(4));
        assertTrue(summary.get(12).startsWith("bp,bp,,3,2,"), summary.get(12));
        assertFalse(Files.exists(f.resolve("failures.txt")));
        for (String png : List.of("accuracy.png", "sweep.png")) {
            BufferedImage image = ImageIO.read(f.resolve(png).toFile());
            assertEquals(List.of(Plots.WIDTH, Plots.HEIGHT), List.of(image.getWidth(), image.getHeight()), png);
        }
        assertEquals(Plots.WIDTH, ImageIO.read(f.resolve("metrics.png").toFile()).getWidth(), "the HSIC terms against epoch");
        try (Stream<Path> all = Files.walk(f)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().endsWith(".tmp")
                    || p.getFileName().toString().equals("checkpoint.bin")).toList(), "no temporary files, no checkpoints");
        }
    }

    @Test
    void aSecondRunInTheSameSecondGetsItsOwnFolder() throws Exception {
        Study s = service.parse("epochs: 1\ndefaults: {dataset: xor, network: [{size: 2, neuron: linear}], rule: backprop}\n",
                "one.yaml");
        assertEquals(root.resolve("one-20260102-030405"), service.run(s, root, StudyListener.NONE).folder());
        assertEquals(root.resolve("one-20260102-030405-2"), service.run(s, root, StudyListener.NONE).folder());
    }

    /**
     * A trial stuck in its rule's code (a learning step that never returns and ignores interrupts) is failed once it
     * made no progress for the study's stallSeconds, naming the rule, its bundle and where it is stuck, with the
     * thread's stack in its failure.txt; the other trials finish and the summary is written.
     */
    @Test
    void aTrialThatMakesNoProgressIsFailedNamingThePluginAndTheStudyGoesOn() throws Exception {
        StudyComponent watched = new StudyComponent(engine, Clock.systemUTC(), Optional::empty, AtomicFiles.DISK,
                System::getenv, () -> false, (bundle, c) -> bundle.equals(FakeEngine.HangingRule.BUNDLE)
                        && c.equals(FakeEngine.HangingRule.class.getName()));
        Study s = watched.parse(TINY.replace("rule: backprop", "rule: hang").replace("parallel: 2", "parallel: 2\nstallSeconds: 1"),
                "tiny.yaml");

        StudyOutcome o = watched.run(s, root, StudyListener.NONE);

        assertEquals(List.of("ib_window=2_seed=1", "ib_window=2_seed=2", "ib_window=4_seed=1", "ib_window=4_seed=2"),
                o.completed());
        assertEquals(List.of("bp_seed=1", "bp_seed=2"), List.copyOf(o.failures().keySet()));
        String why = o.failures().get("bp_seed=1");
        for (String part : List.of("trial 'bp_seed=1' made no progress for 1 s since the end of epoch 0 (stallSeconds: 1)",
                "its thread is stuck in rule 'hang' (bundle test.hang 1.0.0), at " + FakeEngine.HangingRule.class.getName()
                        + ".learn(", "was interrupted and, as it did not stop, left behind", "raise stallSeconds")) {
            assertTrue(why.contains(part), "'" + part + "' in " + why);
        }
        String failure = Files.readString(o.folder().resolve("bp_seed=1/failure.txt"));
        assertTrue(failure.contains("the stack of thread engram-trial-bp_seed=1 when its trial was failed as stuck")
                && failure.contains("at " + FakeEngine.HangingRule.class.getName() + ".learn("), failure);
        assertTrue(Files.readString(o.folder().resolve("summary.csv")).contains("\nib_window=2,ib,2,"), "the summary is written");
        assertFalse(Files.exists(o.folder().resolve("bp_seed=1/DONE")));
    }

    @Test
    void stallSecondsIsAWholeNumberOfSecondsFromZero() throws Exception {
        InvalidStudyException e = assertThrows(InvalidStudyException.class,
                () -> service.parse(TINY.replace("parallel: 2", "parallel: 2\nstallSeconds: -5"), "tiny.yaml"));
        assertTrue(e.getMessage().contains("tiny.yaml:5: stallSeconds is -5; it must be from 0 to 604800"), e.getMessage());
        assertEquals(java.time.Duration.ofSeconds(30),
                StudyParser.stallTimeout(service.parse(TINY.replace("parallel: 2", "parallel: 2\nstallSeconds: 30"), "t.yaml")));
        assertEquals(TrialWatchdog.DEFAULT_TIMEOUT, StudyParser.stallTimeout(tiny()));
    }

    @Test
    void aFailingTrialFailsAloneAndIsListedWithItsReason() throws Exception {
        Study s = service.parse(TINY.replace("rule: backprop", "rule: crash"), "tiny.yaml");
        engine.failing.add("ib_window=2_seed=1");
        List<String> failedEvents = Collections.synchronizedList(new ArrayList<>());
        StudyOutcome o = service.run(s, root, new StudyListener() {
            @Override
            public void trialFailed(StudyTrial trial, String reason) {
                failedEvents.add(trial.id());
            }
        });
        assertFalse(o.succeeded());
        assertEquals(List.of("ib_window=2_seed=2", "ib_window=4_seed=1", "ib_window=4_seed=2"), o.completed());
        assertEquals(Map.of(
                "ib_window=2_seed=1", "trial 'ib_window=2_seed=1': layer 0 has non-finite weights after epoch 1",
                "bp_seed=1", "IllegalStateException: rule 'crash' divided by zero at epoch 2",
                "bp_seed=2", "IllegalStateException: rule 'crash' divided by zero at epoch 2"), o.failures());
        assertEquals(List.of("ib_window=2_seed=1", "bp_seed=1", "bp_seed=2"), List.copyOf(o.failures().keySet()),
                "in study order");
        assertEquals(3, failedEvents.size());
        Path f = o.folder();
        assertEquals("""
                ib_window=2_seed=1: trial 'ib_window=2_seed=1': layer 0 has non-finite weights after epoch 1
                bp_seed=1: IllegalStateException: rule 'crash' divided by zero at epoch 2
                bp_seed=2: IllegalStateException: rule 'crash' divided by zero at epoch 2
                """, Files.readString(f.resolve("failures.txt")));
        assertFalse(Files.exists(f.resolve("bp_seed=1/DONE")));
        assertTrue(Files.readString(f.resolve("bp_seed=1/failure.txt")).contains("at org.engram.study.FakeEngine.run"),
                "the stack trace, for the plugin's author");
        assertEquals(3, Files.readAllLines(f.resolve("bp_seed=1/metrics.csv")).size(), "the epochs it finished");
        List<String> summary = Files.readAllLines(f.resolve("summary.csv"));
        assertTrue(summary.get(4).startsWith("ib_window=2,ib,2,3,1,"), "n counts finished seeds: " + summary.get(4));
        assertTrue(summary.stream().noneMatch(l -> l.startsWith("bp,")), "no finished trial of bp");
    }

    @Test
    void trialsRunInParallelUpToTheStudysLimit() throws Exception {
        engine.rendezvous = new CountDownLatch(2);
        StudyOutcome o = service.run(tiny(), root, StudyListener.NONE);
        assertTrue(o.succeeded());
        assertEquals(2, engine.maxRunning.get(), "parallel: 2");
        Study one = service.parse(TINY.replace("parallel: 2", "parallel: 1"), "tiny.yaml");
        engine.maxRunning.set(0);
        engine.rendezvous = null;
        service.run(one, root, StudyListener.NONE);
        assertEquals(1, engine.maxRunning.get(), "parallel: 1");
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOneByteForByte() throws Exception {
        Path f = service.run(tiny(), root, StudyListener.NONE).folder();
        Map<String, byte[]> uninterrupted = snapshot(f);
        // as if the run had stopped during ib_window=4_seed=1: no marker, metrics of a few epochs at most
        Files.delete(f.resolve("ib_window=4_seed=1/DONE"));
        Files.delete(f.resolve("ib_window=4_seed=1/metrics.csv"));
        Files.writeString(f.resolve("summary.csv"), "stale");
        engine.ran.clear();

        StudyOutcome o = service.resume(f, StudyListener.NONE);
        assertTrue(o.succeeded());
        assertEquals(List.of("ib_window=4_seed=1"), o.completed());
        assertEquals(5, o.skipped().size());
        assertEquals(java.util.Set.of("ib_window=4_seed=1"), engine.ran, "only the unfinished trial ran again");
        Map<String, byte[]> resumed = snapshot(f);
        assertEquals(uninterrupted.keySet(), resumed.keySet());
        for (String file : uninterrupted.keySet()) {
            if (file.endsWith("provenance.json") || file.equals(Report.FILE)) {
                // the report shows each provenance.json
                assertEquals(withoutTimes(uninterrupted.get(file)), withoutTimes(resumed.get(file)), file);
            } else {
                assertArrayEquals(uninterrupted.get(file), resumed.get(file), file);
            }
        }
    }

    /** A provenance file without its times, nor the engine's note of where a resumed trial continued from. */
    private static String withoutTimesAndResume(byte[] provenance) {
        return withoutTimes(provenance).replaceAll("(?m)^[ \\t]*\"resumedFromEpoch\": .*\\R", "");
    }

    private static void assertSameRun(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "the same files: no checkpoint, failure or temporary file left");
        for (String file : expected.keySet()) {
            if (file.endsWith("provenance.json") || file.equals(Report.FILE)) {
                assertEquals(withoutTimesAndResume(expected.get(file)), withoutTimesAndResume(actual.get(file)), file);
            } else {
                assertArrayEquals(expected.get(file), actual.get(file), file);
            }
        }
    }

    @Test
    void aTrialStoppedAfterACheckpointContinuesFromItAndEndsAsAnUninterruptedRun() throws Exception {
        Map<String, byte[]> whole = snapshot(service.run(tiny(), root.resolve("whole"), StudyListener.NONE).folder());
        String id = "ib_window=4_seed=1";
        engine.stopAfter.put(id, 2);
        StudyOutcome stopped = service.run(tiny(), root.resolve("stopped"), StudyListener.NONE);
        Path trial = stopped.folder().resolve(id);
        assertEquals(List.of(id), List.copyOf(stopped.failures().keySet()));
        assertEquals(OptionalInt.of(2), CheckpointFile.open(trial, stopped.folder(), AtomicFiles.DISK, FakeEngine::epochOf).openedAt(),
                "the failed trial keeps its checkpoint");
        assertEquals(4, Files.readAllLines(trial.resolve("metrics.csv")).size(), "header and epochs 0 to 2");

        engine.stopAfter.clear();
        engine.ran.clear();
        StudyOutcome resumed = service.resume(stopped.folder(), StudyListener.NONE);

        assertTrue(resumed.succeeded(), resumed.toString());
        assertEquals(List.of(id), resumed.completed());
        assertEquals(Map.of(id, 2), engine.resumedFrom, "continued after epoch 2, not from the start");
        assertTrue(Files.readString(trial.resolve("provenance.json")).contains("\"resumedFromEpoch\": \"2\""));
        assertSameRun(whole, snapshot(stopped.folder()));
    }

    @Test
    void aKilledTrialContinuesFromItsCheckpointWithoutDuplicatingTheEpochsReportedAgain() throws Exception {
        Path f = service.run(tiny(), root, StudyListener.NONE).folder();
        Map<String, byte[]> whole = snapshot(f);
        // what SIGKILL in ib_window=2_seed=2 leaves: the checkpoint of epoch 2, a torn temporary file of the next one,
        // and metrics to epoch 3, written just before the process died (made odd here, to see that it is replaced)
        String id = "ib_window=2_seed=2";
        Path trial = f.resolve(id);
        Files.delete(trial.resolve("DONE"));
        Files.delete(trial.resolve("provenance.json"));
        List<String> rows = Files.readAllLines(trial.resolve("metrics.csv"));
        Files.writeString(trial.resolve("metrics.csv"), String.join("\n", rows.subList(0, 4)) + "\n3,0.0,0.0,9.0,0.0,0.0\n");
        CheckpointFile.open(trial, f, AtomicFiles.DISK, FakeEngine::epochOf).save(2, FakeEngine.state(id, 2));
        Files.write(trial.resolve(".checkpoint.bin.0123abcd.tmp"), new byte[] {'E', 'N', 'G'});
        engine.reReportsCheckpointedEpochs = true;
        List<String> events = Collections.synchronizedList(new ArrayList<>());

        StudyOutcome o = service.resume(f, new StudyListener() {
            @Override
            public void epochDone(StudyTrial t, EpochResult result) {
                events.add(t.id() + " " + result.epoch() + " " + result.testAccuracy());
            }
        });

        assertTrue(o.succeeded(), o.toString());
        assertEquals(Map.of(id, 2), engine.resumedFrom);
        double base = 0.5 + 0.02 + 0.001 * Math.floorMod(Map.of("gamma", 2, "window", 2).hashCode(), 10);
        assertEquals(List.of(id + " 2 " + (base + 0.04), id + " 3 " + (base + 0.06)), events,
                "the last epoch done before, then only the new ones");
        assertSameRun(whole, snapshot(f));
    }

    @Test
    void aCheckpointTheEngineRefusesFailsTheTrialSayingHowToStartItOver() throws Exception {
        Path f = service.run(tiny(), root, StudyListener.NONE).folder();
        Path trial = f.resolve("bp_seed=1");
        Files.delete(trial.resolve("DONE"));
        CheckpointFile.open(trial, f, AtomicFiles.DISK, FakeEngine::epochOf).save(1, FakeEngine.state("bp_seed=2", 1));

        StudyOutcome o = service.resume(f, StudyListener.NONE);

        assertEquals("trial 'bp_seed=1' is invalid: - the checkpoint is of trial 'bp_seed=2', not of this one (continuing from "
                + trial.resolve("checkpoint.bin") + "; delete it, then 'engram resume " + f + "' reruns this trial from its "
                + "first epoch)", o.failures().get("bp_seed=1"));
        Files.delete(trial.resolve("checkpoint.bin"));
        assertTrue(service.resume(f, StudyListener.NONE).succeeded(), "and so it does");
    }

    @Test
    void aDamagedCheckpointFailsTheTrialNamingTheFile() throws Exception {
        Path f = service.run(tiny(), root, StudyListener.NONE).folder();
        Path trial = f.resolve("bp_seed=1");
        Files.delete(trial.resolve("DONE"));
        Files.writeString(trial.resolve("checkpoint.bin"), "not a checkpoint at all, but long enough");

        StudyOutcome o = service.resume(f, StudyListener.NONE);

        assertEquals("cannot read the checkpoint " + trial.resolve("checkpoint.bin") + ": it is not an Engram checkpoint (its "
                + "first bytes are not 'fake|'). Delete it, then 'engram resume " + f + "' reruns this trial from its first "
                + "epoch", o.failures().get("bp_seed=1"));
        assertEquals(List.of("bp_seed=1"), List.copyOf(o.failures().keySet()));
    }

    @Test
    void resumeRerunsFailedTrialsAndClearsTheFailureList() throws Exception {
        engine.failing.add("bp_seed=2");
        StudyOutcome first = service.run(tiny(), root, StudyListener.NONE);
        assertEquals(List.of("bp_seed=2"), List.copyOf(first.failures().keySet()));
        assertTrue(Files.exists(first.folder().resolve("failures.txt")));
        engine.failing.clear();
        StudyOutcome second = service.resume(first.folder(), StudyListener.NONE);
        assertTrue(second.succeeded());
        assertEquals(List.of("bp_seed=2"), second.completed());
        assertFalse(Files.exists(first.folder().resolve("failures.txt")));
        assertFalse(Files.exists(first.folder().resolve("bp_seed=2/failure.txt")), "an attempt starts from scratch");
        assertTrue(Files.readString(first.folder().resolve("summary.csv")).contains("\nbp,bp,,3,2,"));
    }

    @Test
    void anInterruptedRunStopsItsTrialsWritesWhatIsDoneAndKeepsTheInterrupt() throws Exception {
        engine.rendezvous = new CountDownLatch(100); // no trial gets past it until interrupted
        StudyOutcome[] outcome = new StudyOutcome[1];
        boolean[] stillInterrupted = new boolean[1];
        Thread study = new Thread(() -> {
            try {
                outcome[0] = service.run(tiny(), root, StudyListener.NONE);
                stillInterrupted[0] = Thread.currentThread().isInterrupted();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        study.start();
        while (engine.running.get() < 2) {
            Thread.onSpinWait();
        }
        study.interrupt();
        study.join(10_000);
        assertEquals(6, outcome[0].notRun().size());
        assertFalse(outcome[0].succeeded());
        assertTrue(stillInterrupted[0], "the caller still sees the interrupt");
        assertTrue(Files.isRegularFile(outcome[0].folder().resolve("summary.csv")), "written all the same");
        // the run waited for the two running trials to stop: they are interrupted, not failed
        Path folder = outcome[0].folder();
        for (String id : List.of("ib_window=2_seed=1", "ib_window=2_seed=2")) {
            assertFalse(Files.exists(folder.resolve(id).resolve("failure.txt")), id + ": a stop is no failure");
            assertFalse(Files.exists(folder.resolve(id).resolve("RUNNING")), id + ": its marker is gone with it");
        }
        assertEquals(0, engine.running.get(), "no trial runs on after the run returned");
        assertFalse(Files.exists(folder.resolve("failures.txt")));
    }

    /**
     * A study.yaml edited between the run and its resume (fewer epochs, another gamma) would have the
     * summary average trials of two studies as one group: the resume refuses it, naming each trial and key that differ
     * and the fix, and runs and changes nothing. Undone, the edit no longer stands in the way.
     */
    @Test
    void resumingAfterTheStudyWasEditedIsRefusedNamingTheTrialsAndKeysThatDiffer() throws Exception {
        Path f = service.run(tiny(), root, StudyListener.NONE).folder();
        Files.delete(f.resolve("ib_window=4_seed=1/DONE"));
        String text = Files.readString(f.resolve("study.yaml"));
        Files.writeString(f.resolve("study.yaml"), text.replace("epochs: 3", "epochs: 2").replace("gamma: 2", "gamma: 3"));
        Map<String, byte[]> before = snapshot(f);
        engine.ran.clear();

        InvalidStudyException e = assertThrows(InvalidStudyException.class, () -> service.resume(f, StudyListener.NONE));

        assertEquals("trial 'ib_window=2_seed=1' differs from the spec it started with: ruleParameters.gamma was 2, is 3; "
                + "epochs was 3, is 2", e.problems().get(0));
        assertEquals("trial 'bp_seed=1' differs from the spec it started with: epochs was 3, is 2",
                e.problems().get(4), "backprop has no gamma");
        assertEquals("and 1 more trial differs", e.problems().get(5), "all 6 trials changed, 5 named");
        String fix = e.problems().get(6);
        assertTrue(fix.startsWith(f.resolve("study.yaml") + " was edited after the run started, and one run's trials must "
                + "come from one study (its summary averages the trials of a group). Start a new run with the edited study: "
                + "engram run " + f.resolve("study.yaml") + " --runs " + root + "; or undo the edit"), fix);
        assertEquals(Set.of(), engine.ran, "nothing ran");
        assertEquals(before.keySet(), snapshot(f).keySet(), "nothing was written or removed");
        assertThrows(InvalidStudyException.class, () -> service.runTrials(f, List.of("0"), StudyListener.NONE),
                "a Slurm task refuses it too");

        Files.writeString(f.resolve("study.yaml"), text);
        assertTrue(service.resume(f, StudyListener.NONE).succeeded());
        assertEquals(Set.of("ib_window=4_seed=1"), engine.ran);
    }

    @Test
    void aTrialAddedToTheStudyIsNamedAsNew() throws Exception {
        Path f = service.run(tiny(), root, StudyListener.NONE).folder();
        Files.writeString(f.resolve("study.yaml"), Files.readString(f.resolve("study.yaml")).replace("seeds: [1, 2]",
                "seeds: [1, 2, 3]"));

        InvalidStudyException e = assertThrows(InvalidStudyException.class, () -> service.resume(f, StudyListener.NONE));

        assertEquals("trial 'ib_window=2_seed=3' is new: the run did not start with it", e.problems().get(0));
        assertEquals(4, e.problems().size(), "3 new trials and the fix: " + e.problems());
    }

    @Test
    void resumingAFolderWithoutAStudyIsInvalid() {
        InvalidStudyException e = assertThrows(InvalidStudyException.class, () -> service.resume(root, StudyListener.NONE));
        assertTrue(e.problems().get(0).contains("no study.yaml here"), e.getMessage());
    }

    @Test
    void theListenerHearsEveryStepAndItsExceptionsFailNoTrial() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        StudyOutcome o = service.run(service.parse(TINY.replace("seeds: [1, 2]", "seed: 1").replace("parallel: 2", "parallel: 1"),
                "tiny.yaml"), root, new StudyListener() {
                    @Override
                    public void started(Study study, Path folder, List<StudyTrial> toRun) {
                        events.add("started " + toRun.size());
                    }

                    @Override
                    public void trialStarted(StudyTrial trial) {
                        events.add("trial " + trial.id());
                    }

                    @Override
                    public void epochDone(StudyTrial trial, EpochResult result) {
                        events.add("epoch " + result.epoch());
                        throw new IllegalStateException("a buggy progress bar");
                    }

                    @Override
                    public void trialDone(StudyTrial trial, TrialResult result) {
                        events.add("done " + trial.id());
                    }

                    @Override
                    public void finished(StudyOutcome outcome) {
                        events.add("finished " + outcome.completed().size());
                    }
                });
        assertTrue(o.succeeded());
        assertEquals(List.of("started 3", "trial ib_window=2_seed=1", "epoch 0", "epoch 1", "epoch 2", "epoch 3",
                "done ib_window=2_seed=1"), events.subList(0, 7));
        assertEquals("finished 3", events.get(events.size() - 1));
    }

    // ---- a run in parts, as Slurm's array tasks make it ------------------------------------------------------------

    @Test
    void trialsRunOneByOneIntoAPreparedFolderAndCollectedEqualAWholeRun() throws Exception {
        Map<String, byte[]> whole = snapshot(service.run(tiny(), root.resolve("whole"), StudyListener.NONE).folder());
        Path f = service.prepare(tiny(), root.resolve("parts"));
        assertEquals(root.resolve("parts/tiny-20260102-030405"), f);
        assertEquals(List.of("resolved.yaml", "study.yaml"), List.copyOf(snapshot(f).keySet()), "nothing run yet");

        // one call per trial, as one array task each; by index or by id
        StudyOutcome first = service.runTrials(f, List.of("0"), StudyListener.NONE);
        assertEquals(List.of("ib_window=2_seed=1"), first.completed());
        assertFalse(Files.exists(f.resolve("summary.csv")), "a part writes only its trials' folders");
        for (String t : List.of("1", "ib_window=4_seed=1", "3", "4", "bp_seed=2")) {
            assertTrue(service.runTrials(f, List.of(t), StudyListener.NONE).succeeded(), t);
        }
        StudyOutcome collected = service.collect(f);

        assertTrue(collected.succeeded(), collected.toString());
        assertEquals(6, collected.completed().size());
        assertSameRun(whole, snapshot(f));
    }

    @Test
    void runTrialsSkipsADoneTrialAndRefusesOneTheStudyHasNot() throws Exception {
        Path f = service.prepare(tiny(), root);
        service.runTrials(f, List.of("5"), StudyListener.NONE);
        engine.ran.clear();

        StudyOutcome again = service.runTrials(f, List.of("bp_seed=2", "5"), StudyListener.NONE);

        assertEquals(List.of("bp_seed=2"), again.skipped(), "once, though named twice");
        assertTrue(again.completed().isEmpty());
        assertTrue(engine.ran.isEmpty(), "a done trial is not run again");
        InvalidStudyException e = assertThrows(InvalidStudyException.class,
                () -> service.runTrials(f, List.of("6", "bp_seed=9"), StudyListener.NONE));
        assertEquals(f + ": the study has no trial 6, bp_seed=9; give an index from 0 to 5 or an id: ib_window=2_seed=1, "
                + "ib_window=2_seed=2, ib_window=4_seed=1, ib_window=4_seed=2, bp_seed=1, ...", e.problems().get(0));
        assertTrue(assertThrows(InvalidStudyException.class, () -> service.runTrials(root, List.of("0"), StudyListener.NONE))
                .problems().get(0).contains("no study.yaml here"));
    }

    @Test
    void aRunningTrialHoldsAMarkerWithItsHostPidAndSlurmTaskUntilItEnds() throws Exception {
        Map<String, String> slurm = Map.of("SLURMD_NODENAME", "node7", "SLURM_JOB_ID", "31", "SLURM_ARRAY_JOB_ID", "27",
                "SLURM_ARRAY_TASK_ID", "4", "SLURM_RESTART_COUNT", "1");
        StudyComponent onNode = new StudyComponent(engine, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC),
                () -> Optional.of(GIT), AtomicFiles.DISK, slurm::get);
        Path f = onNode.prepare(tiny(), root);
        String id = "bp_seed=1";
        List<String> seen = new ArrayList<>();
        engine.afterEpoch = (trial, epoch) -> {
            if (epoch == 2) {
                try {
                    seen.add(Files.readString(f.resolve(id).resolve("RUNNING")));
                    seen.add(onNode.status(f).get(4).toString());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        };

        assertTrue(onNode.runTrials(f, List.of(id), StudyListener.NONE).succeeded());

        assertEquals("host=node7\npid=" + ProcessHandle.current().pid() + "\nstarted=2026-01-02T03:04:05Z\nslurmJobId=31\n"
                + "slurmArrayJobId=27\nslurmArrayTaskId=4\nslurmRestartCount=1\n", seen.get(0));
        assertEquals("TrialStatus[index=4, id=bp_seed=1, state=RUNNING, epochsDone=2, epochs=3, message=, running={host=node7, "
                + "pid=" + ProcessHandle.current().pid() + ", started=2026-01-02T03:04:05Z, slurmJobId=31, slurmArrayJobId=27, "
                + "slurmArrayTaskId=4, slurmRestartCount=1}]", seen.get(1));
        assertFalse(Files.exists(f.resolve(id).resolve("RUNNING")), "removed at the end");
        assertTrue(Files.exists(f.resolve(id).resolve("DONE")));
    }

    @Test
    void statusTellsEachTrialsStateFromItsFolder() throws Exception {
        Path f = service.prepare(tiny(), root);
        service.runTrials(f, List.of("0"), StudyListener.NONE);
        engine.failing.add("ib_window=2_seed=2");
        service.runTrials(f, List.of("1"), StudyListener.NONE);
        // running elsewhere, as far as this host can tell
        Files.createDirectories(f.resolve("ib_window=4_seed=1"));
        Files.writeString(f.resolve("ib_window=4_seed=1/RUNNING"), "host=some-other-node\npid=1\nslurmArrayTaskId=2\n");
        Files.writeString(f.resolve("ib_window=4_seed=1/metrics.csv"), "epoch,train_accuracy,test_accuracy,seconds\n"
                + "0,NaN,0.5,0.0\n1,0.6,0.55,0.25\n");
        // its process was on this host and is gone: killed
        Files.createDirectories(f.resolve("ib_window=4_seed=2"));
        Files.writeString(f.resolve("ib_window=4_seed=2/RUNNING"),
                "host=" + RunningMarker.localHost(System::getenv) + "\npid=2147483647\n");
        // stopped after its checkpoint, without a marker
        engine.stopAfter.put("bp_seed=1", 2);
        service.runTrials(f, List.of("4"), StudyListener.NONE);
        Files.delete(f.resolve("bp_seed=1/failure.txt"));

        List<String> states = service.status(f).stream()
                .map(s -> s.index() + " " + s.id() + " " + s.state() + " " + s.epochsDone() + "/" + s.epochs() + " " + s.message())
                .toList();

        assertEquals(List.of(
                "0 ib_window=2_seed=1 DONE 3/3 ",
                "1 ib_window=2_seed=2 FAILED 0/3 trial 'ib_window=2_seed=2': layer 0 has non-finite weights after epoch 1",
                "2 ib_window=4_seed=1 RUNNING 1/3 ",
                "3 ib_window=4_seed=2 INTERRUPTED 0/3 its process 2147483647 on " + RunningMarker.localHost(System::getenv)
                        + " is gone",
                "4 bp_seed=1 INTERRUPTED 2/3 ",
                "5 bp_seed=2 QUEUED 0/3 "), states);
        assertEquals("some-other-node", service.status(f).get(2).host());

        StudyOutcome collected = service.collect(f);
        assertEquals(List.of("ib_window=2_seed=1"), collected.completed());
        assertEquals(List.of("ib_window=2_seed=2"), List.copyOf(collected.failures().keySet()));
        assertEquals(List.of("ib_window=4_seed=1", "ib_window=4_seed=2", "bp_seed=1", "bp_seed=2"), collected.notRun());
        assertEquals("ib_window=2_seed=2: trial 'ib_window=2_seed=2': layer 0 has non-finite weights after epoch 1\n",
                Files.readString(f.resolve("failures.txt")));
        assertTrue(Files.readString(f.resolve("summary.csv")).contains("\nib_window=2,ib,2,3,1,"), "from what finished");
    }

    @Test
    void aRequeuedCopyRunningBesideTheFirstLeavesTheResultsOfOneRun() throws Exception {
        Map<String, byte[]> whole = snapshot(service.run(tiny(), root.resolve("whole"), StudyListener.NONE).folder());
        Path f = service.prepare(tiny(), root.resolve("twice"));
        String id = "ib_window=4_seed=2";
        Path trial = f.resolve(id);
        StudyComponent requeued = new StudyComponent(engine, Clock.fixed(Instant.parse("2026-01-02T03:09:05Z"), ZoneOffset.UTC),
                () -> Optional.of(GIT), AtomicFiles.DISK, Map.of("SLURM_RESTART_COUNT", "1")::get);
        String[] markerOfTheCopy = new String[1];
        boolean[] copied = new boolean[1];
        engine.afterEpoch = (t, epoch) -> {
            if (t.equals(id) && epoch == 2 && !copied[0]) {
                // the first copy is cut off from the scheduler after epoch 2; its requeued copy starts and finishes
                copied[0] = true;
                engine.afterEpoch = (t2, e2) -> {
                    if (e2 == 3 && markerOfTheCopy[0] == null) {
                        try {
                            markerOfTheCopy[0] = Files.readString(trial.resolve("RUNNING"));
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    }
                };
                try {
                    assertTrue(requeued.runTrials(f, List.of(id), StudyListener.NONE).succeeded());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                assertTrue(Files.exists(trial.resolve("DONE")));
            }
        };

        StudyOutcome first = service.runTrials(f, List.of(id), StudyListener.NONE);

        assertTrue(first.succeeded(), "the first copy finishes too: " + first);
        assertTrue(markerOfTheCopy[0].contains("started=2026-01-02T03:09:05Z\nslurmRestartCount=1\n"), markerOfTheCopy[0]);
        assertEquals(Map.of(id, 2), engine.resumedFrom, "the copy continued from the first one's checkpoint");
        for (String t : List.of("0", "1", "2", "4", "5")) {
            service.runTrials(f, List.of(t), StudyListener.NONE);
        }
        service.collect(f);
        assertSameRun(whole, snapshot(f));
    }

    @Test
    void aTrialStoppedWithItsProcessIsInterruptedNotFailedAndKeepsItsCheckpoint() throws Exception {
        Path f = service.prepare(tiny(), root);
        Path trial = f.resolve("ib_window=2_seed=1");
        CountDownLatch inEpoch = new CountDownLatch(1);
        engine.afterEpoch = (t, epoch) -> {
            if (epoch == 1) {
                inEpoch.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // what a plugin withdrawn by a stopping framework, or an interrupted write, looks like to the trial
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("the rule's service went away: Engram is stopping");
                }
            }
        };
        StudyOutcome[] outcome = new StudyOutcome[1];
        Thread task = new Thread(() -> {
            try {
                outcome[0] = service.runTrials(f, List.of("0"), StudyListener.NONE);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        task.start();
        assertTrue(inEpoch.await(10, java.util.concurrent.TimeUnit.SECONDS));
        // SIGTERM: the launcher stops the framework, which interrupts the command's thread
        task.interrupt();
        task.join(10_000);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.exists(trial.resolve("RUNNING")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertEquals(List.of("ib_window=2_seed=1"), outcome[0].notRun());
        assertFalse(Files.exists(trial.resolve("RUNNING")), "its marker is gone with it");
        assertFalse(Files.exists(trial.resolve("failure.txt")), "a stop is no failure of the trial");
        assertEquals(java.util.OptionalInt.of(1), CheckpointFile.open(trial, f, AtomicFiles.DISK, FakeEngine::epochOf).openedAt());
        assertEquals(TrialStatus.State.INTERRUPTED, service.status(f).get(0).state());
        assertEquals(1, service.status(f).get(0).epochsDone());
    }

    @Test
    void aTrialThatFailsAsTheFrameworkStopsIsInterruptedNotFailed() throws Exception {
        // SIGTERM stops the framework bundle by bundle: a trial may lose its plugin before its thread is interrupted
        boolean[] frameworkStopping = {false};
        StudyComponent stoppable = new StudyComponent(engine, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC),
                () -> Optional.of(GIT), AtomicFiles.DISK, k -> null, () -> frameworkStopping[0]);
        Path f = stoppable.prepare(tiny(), root);
        engine.afterEpoch = (t, epoch) -> {
            if (epoch == 2) {
                frameworkStopping[0] = true;
                throw new IllegalStateException("rule 'ib-hebbian' was updated or removed during the trial");
            }
        };

        StudyOutcome o = stoppable.runTrials(f, List.of("0"), StudyListener.NONE);

        assertEquals(List.of("ib_window=2_seed=1"), o.notRun());
        assertTrue(o.failures().isEmpty(), o.toString());
        assertFalse(Files.exists(f.resolve("ib_window=2_seed=1/failure.txt")));
        assertEquals(TrialStatus.State.INTERRUPTED, stoppable.status(f).get(0).state());
        frameworkStopping[0] = false;
        engine.afterEpoch = null;
        assertTrue(stoppable.runTrials(f, List.of("0"), StudyListener.NONE).succeeded(), "the next start finishes it");
        assertEquals(Map.of("ib_window=2_seed=1", 2), engine.resumedFrom);
    }
}

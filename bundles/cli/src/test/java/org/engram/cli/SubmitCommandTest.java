package org.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.engram.api.study.StudyService;
import org.engram.study.StudyComponent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code engram submit} against a stand-in sbatch, a shell script that records its calls and answers job ids. */
class SubmitCommandTest {

    static final String STUDY = """
            study: tiny
            epochs: 2
            seeds: [1, 2, 3]
            defaults:
              dataset: xor
              network: [{size: 2, neuron: linear}]
              rule: {name: ib-hebbian, gamma: 2}
            slurm: {partition: cpu, mem: 2G}
            """;

    @TempDir
    Path dir;

    private final StudyService studies = new StudyComponent(new ReplayCommandTest.CurveEngine());
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path home;
    private Path bin;
    private Path study;

    @BeforeEach
    void installAndWriteTheStudy() throws IOException {
        home = Files.createDirectories(dir.resolve("engram"));
        bin = Files.createDirectories(dir.resolve("bin"));
        study = Files.writeString(dir.resolve("tiny.yaml"), STUDY);
    }

    /**
     * A stand-in sbatch: appends its arguments to {@code calls}, then runs {@code body} (which may use {@code $n}, the
     * number of this call).
     */
    static Path fakeSbatch(Path bin, String body) throws IOException {
        Path sbatch = bin.resolve("sbatch");
        Files.writeString(sbatch, "#!/bin/sh\necho \"$*\" >> '" + bin.resolve("calls") + "'\nn=$(wc -l < '"
                + bin.resolve("calls") + "')\n" + body + "\n");
        sbatch.toFile().setExecutable(true);
        return sbatch;
    }

    private int submit(String path, String... args) {
        CommandLine cl = new CommandLine(new SubmitCommand(studies, home::toString, () -> path));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private List<String> calls() throws IOException {
        Path calls = bin.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private Path onlyRunFolder() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            List<Path> all = s.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    private List<Path> runFolders() throws IOException {
        if (!Files.isDirectory(dir.resolve("runs"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            return s.toList();
        }
    }

    @Test
    void submitWritesTheArrayAndCollectScriptsSubmitsBothAndRecordsTheJobIds() throws Exception {
        fakeSbatch(bin, "if [ \"$n\" = 1 ]; then echo 1001; else echo '1002;engram'; fi");

        int code = submit(bin.toString(), study.toString(), "--slurm", "--runs", dir.resolve("runs").toString(),
                "--partition", "debug", "--time", "10:00", "--sbatch-option=--account=lab");

        assertEquals(0, code, err.toString());
        Path f = onlyRunFolder();
        assertEquals("submitted study tiny: 3 trials in 3 array tasks as job array 1001, then job 1002 to collect the results\n"
                + "run folder: " + f + "\n"
                + "  engram status " + f + "     where each trial stands\n"
                + "  engram collect " + f + "    the summary and plots (job 1002 runs it when the array has ended)\n",
                out.toString());
        assertEquals("", err.toString());
        assertEquals(List.of("--parsable " + f.resolve("slurm/trials.sbatch"),
                "--parsable --dependency=afterany:1001 " + f.resolve("slurm/collect.sbatch")), calls());
        assertEquals(STUDY, Files.readString(f.resolve("study.yaml")), "the run folder as 'engram run' makes it");
        assertTrue(Files.isDirectory(f.resolve("slurm/logs")), "Slurm does not create the output's folder");
        String engram = home.resolve("bin/engram").toString();
        assertEquals("""
                #!/bin/bash
                # Engram study 'tiny': 3 trials, 1 per array task. Written by 'engram submit'; each task runs its trials with
                # 'engram run --trial K', continuing from their checkpoints after a requeue. 'engram status' watches.
                #SBATCH --job-name=engram-tiny
                #SBATCH --array=0-2
                #SBATCH --output=%s/slurm/logs/%%A_%%a.out
                #SBATCH --open-mode=append
                #SBATCH --requeue
                #SBATCH --partition=debug
                #SBATCH --time=10:00
                #SBATCH --mem=2G
                #SBATCH --account=lab

                set -eu
                trials_per_task=1
                trials=3
                first=$((SLURM_ARRAY_TASK_ID * trials_per_task))
                last=$((first + trials_per_task - 1))
                if [ "$last" -ge "$trials" ]; then last=$((trials - 1)); fi
                args=()
                for ((k = first; k <= last; k++)); do args+=(--trial "$k"); done
                echo "engram: array task $SLURM_ARRAY_TASK_ID (restart ${SLURM_RESTART_COUNT:-0}) on $(hostname) at $(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ): trials $first to $last"
                exec '%s' run "${args[@]}" '%s'
                """.formatted(f, engram, f), Files.readString(f.resolve("slurm/trials.sbatch")),
                "the flags over the study's partition; its mem kept");
        assertEquals("""
                #!/bin/bash
                # Engram study 'tiny': the summary and plots once every array task has ended.
                # Written by 'engram submit', which submits it with --dependency=afterany:<array job id>.
                #SBATCH --job-name=engram-tiny-collect
                #SBATCH --output=%s/slurm/logs/collect_%%j.out
                #SBATCH --open-mode=append
                #SBATCH --partition=debug
                #SBATCH --account=lab

                exec '%s' collect '%s'
                """.formatted(f, engram, f), Files.readString(f.resolve("slurm/collect.sbatch")));
        assertEquals(new SlurmJobs("1001", "1002", 1, bin.resolve("sbatch").toString()), SlurmJobs.read(f).orElseThrow());
    }

    @Test
    void eachArrayTaskRunsItsShareOfTheTrialsAndTheLastTaskTheRest() throws Exception {
        fakeSbatch(bin, "echo $((1000 + n))");
        // a stand-in engram that says what it was asked to run
        Files.createDirectories(home.resolve("bin"));
        Path engram = Files.writeString(home.resolve("bin/engram"), "#!/bin/sh\necho \"$*\"\n");
        engram.toFile().setExecutable(true);
        Files.writeString(study, STUDY.replace("seeds: [1, 2, 3]", "seeds: [1, 2, 3, 4, 5]"));

        assertEquals(0, submit(bin.toString(), study.toString(), "--slurm", "--runs", dir.resolve("runs").toString(),
                "--trials-per-task", "2"), err.toString());

        Path f = onlyRunFolder();
        String script = Files.readString(f.resolve("slurm/trials.sbatch"));
        assertTrue(script.contains("#SBATCH --array=0-2\n"), "5 trials, 2 per task: 3 tasks\n" + script);
        assertTrue(out.toString().startsWith("submitted study tiny: 5 trials in 3 array tasks of up to 2 as job array 1001"),
                out.toString());
        for (Map.Entry<String, String> task : Map.of("0", "--trial 0 --trial 1", "1", "--trial 2 --trial 3", "2",
                "--trial 4").entrySet()) {
            ProcessBuilder pb = new ProcessBuilder("bash", f.resolve("slurm/trials.sbatch").toString());
            pb.environment().put("SLURM_ARRAY_TASK_ID", task.getKey());
            Process run = pb.redirectErrorStream(true).start();
            String said = new String(run.getInputStream().readAllBytes());
            assertEquals(0, run.waitFor(), said);
            assertTrue(said.endsWith("run " + task.getValue() + " " + f + "\n"), "task " + task.getKey() + ": " + said);
            assertTrue(said.startsWith("engram: array task " + task.getKey() + " (restart 0) on "), said);
        }
    }

    @Test
    void withoutSbatchNothingIsCreatedAndTheMessageSaysWhereToRunOrWhatToInstall() throws Exception {
        int code = submit(dir.resolve("empty").toString(), study.toString(), "--slurm", "--runs", dir.resolve("runs").toString());

        assertEquals(1, code);
        assertEquals("engram submit: sbatch is not on the PATH, so nothing can be submitted and nothing was created. Run this "
                + "on the cluster's login node, or install the Slurm client there (Debian, Ubuntu: apt-get install "
                + "slurm-client), or give sbatch's path with --sbatch PATH\n", err.toString());
        assertEquals(List.of(), runFolders());
        assertEquals(1, submit(bin.toString(), study.toString(), "--slurm", "--sbatch", dir.resolve("nope").toString()));
        assertTrue(err.toString().contains("engram submit: " + dir.resolve("nope") + " is not an executable file, so nothing"),
                err.toString());
    }

    @Test
    void aJobArraySbatchRefusesIsReportedInItsOwnWordsAndLeavesNoRunFolder() throws Exception {
        fakeSbatch(bin, "echo 'sbatch: error: invalid partition specified: nope' >&2\n"
                + "echo 'sbatch: error: Batch job submission failed: Invalid partition name specified' >&2\nexit 1");

        int code = submit(bin.toString(), study.toString(), "--slurm", "--runs", dir.resolve("runs").toString(),
                "--partition", "nope");

        assertEquals(1, code);
        assertEquals("engram submit: sbatch refused the job array of the trials: sbatch exited with 1: sbatch: error: invalid "
                + "partition specified: nope / sbatch: error: Batch job submission failed: Invalid partition name specified. "
                + "Nothing was submitted; fix the resources (the flags or the study's slurm: section) and submit again\n",
                err.toString());
        assertEquals("", out.toString());
        assertEquals(List.of(), runFolders(), "no folder that status would show as queued forever");
    }

    @Test
    void aRefusedCollectJobKeepsTheArrayRecordedAndSaysHowToCollect() throws Exception {
        fakeSbatch(bin, "if [ \"$n\" = 1 ]; then echo 77; else echo 'sbatch: error: Job dependency problem' >&2; exit 1; fi");

        int code = submit(bin.toString(), study.toString(), "--slurm", "--runs", dir.resolve("runs").toString());

        assertEquals(1, code);
        Path f = onlyRunFolder();
        assertTrue(out.toString().startsWith("submitted study tiny: 3 trials in 3 array tasks as job array 77\n"), out.toString());
        assertEquals("engram submit: the trials are submitted (job array 77) but the job to collect them is not: sbatch "
                + "exited with 1: sbatch: error: Job dependency problem. Once the trials have ended, run: engram collect " + f
                + "\n", err.toString());
        assertEquals(new SlurmJobs("77", null, 1, bin.resolve("sbatch").toString()), SlurmJobs.read(f).orElseThrow());
    }

    @Test
    void anAnswerThatIsNoJobIdIsAnError() throws Exception {
        fakeSbatch(bin, "echo 'Submitted batch job 12'");

        assertEquals(1, submit(bin.toString(), study.toString(), "--slurm", "--runs", dir.resolve("runs").toString()));

        assertTrue(err.toString().contains("sbatch printed no job id (it said: Submitted batch job 12)"), err.toString());
    }

    @Test
    void aDryRunWritesTheScriptsAndPrintsTheCommandsWithoutSubmitting() throws Exception {
        fakeSbatch(bin, "echo 1");

        int code = submit(bin.toString(), study.toString(), "--slurm", "--runs", dir.resolve("runs").toString(), "--dry-run",
                "--cpus-per-task", "4");

        assertEquals(0, code, err.toString());
        Path f = onlyRunFolder();
        assertEquals("study tiny: 3 trials in 3 array tasks; nothing submitted (--dry-run)\nrun folder: " + f + "\nto submit:\n"
                + "  sbatch --parsable " + f.resolve("slurm/trials.sbatch") + "\n"
                + "  sbatch --parsable --dependency=afterany:<the array's job id> " + f.resolve("slurm/collect.sbatch") + "\n",
                out.toString());
        assertEquals(List.of(), calls());
        assertTrue(Files.readString(f.resolve("slurm/trials.sbatch")).contains("#SBATCH --partition=cpu\n#SBATCH --cpus-per-task=4\n"
                + "#SBATCH --mem=2G\n"), "the study's section with the flag");
        assertFalse(Files.exists(f.resolve("slurm/jobs.properties")));
    }

    @Test
    void anInvalidStudyOrCommandLineExitsTwoAndCreatesNothing() throws Exception {
        fakeSbatch(bin, "echo 1");
        Files.writeString(study, STUDY.replace("epochs: 2", "epochs: 0"));

        assertEquals(2, submit(bin.toString(), study.toString(), "--slurm", "--runs", dir.resolve("runs").toString()));
        assertTrue(err.toString().contains("tiny.yaml:2: epochs is 0; it must be at least 1"), err.toString());
        assertEquals(List.of(), runFolders());
        assertEquals(List.of(), calls());

        StringWriter usage = new StringWriter();
        int code = Cli.execute(new CliTest.FakeEngine(), studies, new PrintWriter(out), new PrintWriter(usage), "submit",
                study.toString());
        assertEquals(2, code);
        assertTrue(usage.toString().startsWith("engram submit: Missing required option: '--slurm'\nUsage: engram submit "),
                usage.toString());
    }

    @Test
    void aRunsFolderThatCannotBeCreatedIsNamedAndNothingIsSubmitted() throws Exception {
        fakeSbatch(bin, "echo 1");
        Path file = Files.writeString(dir.resolve("not-a-folder"), "a file");

        int code = submit(bin.toString(), study.toString(), "--slurm", "--runs", file.resolve("runs").toString());

        assertEquals(1, code);
        assertEquals("engram submit: cannot create a run folder in " + file.resolve("runs") + ": " + file + " is a file, not "
                + "a folder; use a folder (engram run --runs DIR picks the runs folder)\n", err.toString());
        assertEquals(List.of(), calls());
    }
}

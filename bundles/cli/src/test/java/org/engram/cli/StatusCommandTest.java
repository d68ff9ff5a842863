package org.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyService;
import org.engram.study.StudyComponent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram status} on run folders made trial by trial, with a stand-in squeue answering for Slurm. */
class StatusCommandTest {

    private static final String STUDY = SubmitCommandTest.STUDY.replace("seeds: [1, 2, 3]", "seeds: [1, 2, 3, 4, 5]");

    @TempDir
    Path dir;

    private final ReplayCommandTest.CurveEngine engine = new ReplayCommandTest.CurveEngine();
    private final StudyService studies = new StudyComponent(engine);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path folder;

    /** Trial 0 done, 1 failed, 2 running on node2, 3 with the marker of a process on node1, 4 not started. */
    @BeforeEach
    void aRunFolderInEveryState() throws Exception {
        folder = studies.prepare(studies.parse(STUDY, "tiny.yaml"), dir.resolve("runs"));
        studies.runTrials(folder, List.of("0"), StudyListener.NONE);
        Files.createDirectories(folder.resolve("tiny_seed=2"));
        Files.writeString(folder.resolve("tiny_seed=2/failure.txt"), "tiny_seed=2: IllegalStateException: rule 'x' divided "
                + "by zero\n\njava.lang.IllegalStateException: ...\n");
        Files.createDirectories(folder.resolve("tiny_seed=3"));
        Files.writeString(folder.resolve("tiny_seed=3/RUNNING"), "host=node2\npid=1\nslurmArrayTaskId=2\n");
        Files.createDirectories(folder.resolve("tiny_seed=4"));
        Files.writeString(folder.resolve("tiny_seed=4/RUNNING"), "host=node1\npid=1\nslurmArrayTaskId=3\n");
        Files.writeString(folder.resolve("tiny_seed=4/metrics.csv"), "epoch,train_accuracy,test_accuracy,seconds\n"
                + "0,NaN,0.5,0.0\n1,0.6,0.55,0.25\n");
    }

    private int status(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "status";
        all[1] = folder.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.execute(engine, studies, new PrintWriter(out), new PrintWriter(err), all);
    }

    private Path fakeSqueue(String body) throws IOException {
        Path squeue = dir.resolve("squeue");
        Files.writeString(squeue, "#!/bin/sh\n" + body + "\n");
        squeue.toFile().setExecutable(true);
        return squeue;
    }

    @Test
    void aLocalRunFolderShowsEachTrialsStateEpochsAndWhyItFailed() {
        assertEquals(0, status(), err.toString());

        assertEquals("run " + folder.getFileName() + " in " + folder.getParent() + "\n"
                + "#  trial        state    epochs  note\n"
                + "0  tiny_seed=1  done     2/2\n"
                + "1  tiny_seed=2  failed   0/2     IllegalStateException: rule 'x' divided by zero\n"
                + "2  tiny_seed=3  running  0/2     on node2\n"
                + "3  tiny_seed=4  running  1/2     on node1\n"
                + "4  tiny_seed=5  queued   0/2\n"
                + "5 trials: 1 done, 2 running, 1 queued, 1 failed\n", out.toString());
    }

    @Test
    void aSubmittedRunAddsEachArrayTasksSlurmStateAndTellsARequeuedTrialFromARunningOne() throws Exception {
        // task 3 ran on node1, which died: Slurm requeued it, while its marker still says running
        Path squeue = fakeSqueue("""
                case "$*" in
                  *" -j 1001 "*) printf '0|COMPLETED|node1|None\\n1|FAILED|node2|NonZeroExitCode\\n2|RUNNING|node2|None\\n'
                                 printf '3|PENDING||BeginTime\\n4|PENDING||Resources\\n' ;;
                  *" -j 1002 "*) echo 'N/A|PENDING||Dependency' ;;
                esac""");
        Files.createDirectories(folder.resolve("slurm"));
        new SlurmJobs("1001", "1002", 1, "/usr/bin/sbatch").write(folder);

        assertEquals(0, status("--squeue", squeue.toString()), err.toString());

        assertEquals("run " + folder.getFileName() + " in " + folder.getParent() + ": Slurm job array 1001, collect job 1002\n"
                + "#  trial        state    epochs  slurm                note\n"
                + "0  tiny_seed=1  done     2/2     COMPLETED node1\n"
                + "1  tiny_seed=2  failed   0/2     FAILED node2         IllegalStateException: rule 'x' divided by zero\n"
                + "2  tiny_seed=3  running  0/2     RUNNING node2        on node2\n"
                + "3  tiny_seed=4  queued   1/2     PENDING (BeginTime)  requeued after running on node1; continues from "
                + "its last checkpoint\n"
                + "4  tiny_seed=5  queued   0/2     PENDING (Resources)\n"
                + "5 trials: 1 done, 1 running, 2 queued, 1 failed\n"
                + "collect job 1002: PENDING (Dependency)\n", out.toString());
    }

    @Test
    void aJobSlurmHasForgottenOrAMissingSqueueLeavesTheFolderStatesAndSaysWhy() throws Exception {
        Path squeue = fakeSqueue("echo 'slurm_load_jobs error: Invalid job id specified' >&2; exit 1");
        Files.createDirectories(folder.resolve("slurm"));
        new SlurmJobs("1001", "1002", 2, "/nowhere/sbatch").write(folder);

        assertEquals(0, status("--squeue", squeue.toString()), err.toString());

        String o = out.toString();
        assertTrue(o.contains("\n3  tiny_seed=4  running  1/2     -      on node1\n"), o);
        assertTrue(o.endsWith("5 trials: 1 done, 2 running, 1 queued, 1 failed\n"
                + "slurm: job 1001 is no longer known to Slurm (it ended a while ago)\n"
                + "collect job 1002: job 1002 is no longer known to Slurm (it ended a while ago)\n"), o);
    }

    @Test
    void aTaskThatEndedWithoutFinishingItsTrialIsInterruptedWithItsLog() throws Exception {
        // trials per task 2: task 1 runs trials 2 and 3, task 2 runs trial 4
        Path squeue = fakeSqueue("printf '0|COMPLETED|node1|None\\n1|RUNNING|node2|None\\n'");
        Files.createDirectories(folder.resolve("slurm"));
        new SlurmJobs("1001", null, 2, "/usr/bin/sbatch").write(folder);

        assertEquals(0, status("--squeue", squeue.toString()), err.toString());

        String o = out.toString();
        assertTrue(o.contains("\n2  tiny_seed=3  running      0/2     RUNNING node2    on node2\n"), o);
        assertTrue(o.contains("\n3  tiny_seed=4  running      1/2     RUNNING node2    on node1\n"), o);
        assertTrue(o.contains("\n4  tiny_seed=5  interrupted  0/2     -                its Slurm task ended without "
                + "starting it (see slurm/logs/1001_2.out)\n"), o);
        Files.writeString(squeue, "#!/bin/sh\nprintf '0|COMPLETED|node1|None\\n'\n");
        out.getBuffer().setLength(0);
        assertEquals(0, status("--squeue", squeue.toString()));
        assertTrue(out.toString().contains("\n2  tiny_seed=3  interrupted  0/2     -                its Slurm task ended "
                + "without finishing it (see slurm/logs/1001_1.out)\n"), out.toString());
    }

    @Test
    void aFolderWithoutAStudyExitsTwo() {
        folder = dir;
        assertEquals(2, status());
        assertTrue(err.toString().contains("no study.yaml here"), err.toString());
    }
}

package org.engram.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.engram.api.study.InvalidStudyException;
import org.engram.api.study.StudyService;
import org.engram.api.study.TrialStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", sortOptions = false,
        header = "Show where each trial of a run folder stands: queued, running, done, failed.",
        description = {"Show where each trial of a run folder stands: queued, running, done, failed (with why) or",
            "interrupted, with its epochs done. For a study submitted to Slurm, also each array task's Slurm state and",
            "node, when squeue can tell. Totals at the end. Exit code 0 (2 if the folder holds no study)."},
        footer = {"", "Example:", "  engram status runs/quickstart-20260101-120000"})
final class StatusCommand implements Callable<Integer> {
    static final long SQUEUE_TIMEOUT_SECONDS = 30;

    private final StudyService studies;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_FOLDER", description = "a folder that 'engram run' or 'engram submit' created")
    Path folder;

    @Option(names = "--squeue", paramLabel = "PATH",
            description = "the squeue to ask (default: the one on the PATH, else the one beside the sbatch that submitted)")
    Path squeue;

    StatusCommand(StudyService studies) {
        this.studies = studies;
    }

    /** What Slurm says of one job or array task. */
    record SlurmState(String state, String node, String reason) {

        String shown() {
            String s = state;
            if (!node.isEmpty()) {
                s += " " + node;
            } else if (!reason.isEmpty() && !reason.equals("None")) {
                s += " (" + reason + ")";
            }
            return s;
        }
    }

    /** What squeue said of a job: its states by array task (-1: a job that is no array), or why it could not tell. */
    record Queue(Map<Integer, SlurmState> tasks, String problem) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (studies == null) {
            return StudyOutput.missingService(err);
        }
        List<TrialStatus> trials;
        Optional<SlurmJobs> jobs;
        try {
            trials = studies.status(folder);
            jobs = SlurmJobs.read(folder);
        } catch (InvalidStudyException e) {
            return StudyOutput.invalid(err, e);
        } catch (IOException e) {
            return StudyOutput.failed(err, "engram status", e);
        }
        Queue array = null;
        Queue collect = null;
        if (jobs.isPresent()) {
            Optional<Path> command = squeue(jobs.get());
            if (command.isEmpty()) {
                array = new Queue(Map.of(), "squeue is not on the PATH (run this on a login node for Slurm's view)");
            } else {
                array = ask(command.get(), jobs.get().arrayJobId());
                if (jobs.get().collectJobId() != null) {
                    collect = ask(command.get(), jobs.get().collectJobId());
                }
            }
        }

        String name = folder.toAbsolutePath().normalize().getFileName().toString();
        out.println("run " + name + " in " + folder.toAbsolutePath().normalize().getParent()
                + jobs.map(j -> ": Slurm job array " + j.arrayJobId() + (j.collectJobId() == null ? ""
                        : ", collect job " + j.collectJobId())).orElse(""));
        List<String[]> rows = new ArrayList<>();
        rows.add(jobs.isPresent() ? new String[] {"#", "trial", "state", "epochs", "slurm", "note"}
                : new String[] {"#", "trial", "state", "epochs", "note"});
        Map<String, Integer> totals = new java.util.LinkedHashMap<>();
        for (String s : List.of("done", "running", "queued", "interrupted", "failed")) {
            totals.put(s, 0);
        }
        for (TrialStatus t : trials) {
            String state = t.state().name().toLowerCase(Locale.ROOT);
            String note = note(t);
            String slurm = "-";
            if (array != null) {
                SlurmState task = array.tasks().get(jobs.get().task(t.index()));
                if (task != null) {
                    slurm = task.shown();
                }
                if (array.problem() == null && task == null && t.state() == TrialStatus.State.QUEUED) {
                    state = "interrupted";
                    note = "its Slurm task ended without starting it (see " + log(jobs.get(), t) + ")";
                }
                if (array.problem() == null && t.state() == TrialStatus.State.RUNNING) {
                    // the folder cannot tell a running trial from one whose process died with its node: Slurm can
                    if (task == null) {
                        state = "interrupted";
                        note = "its Slurm task ended without finishing it (see " + log(jobs.get(), t) + ")";
                    } else if (!task.state().equals("RUNNING") && !task.state().equals("COMPLETING")) {
                        state = task.state().equals("PENDING") || task.state().equals("REQUEUED") ? "queued" : "interrupted";
                        note = (state.equals("queued") ? "requeued" : "stopped") + " after running on "
                                + t.running().getOrDefault("host", "?") + "; continues from its last checkpoint";
                    }
                }
            }
            totals.merge(state, 1, Integer::sum);
            String epochs = t.epochsDone() + "/" + t.epochs();
            rows.add(array != null ? new String[] {Integer.toString(t.index()), t.id(), state, epochs, slurm, note}
                    : new String[] {Integer.toString(t.index()), t.id(), state, epochs, note});
        }
        Table.print(out, rows);
        List<String> counts = new ArrayList<>();
        totals.forEach((s, n) -> {
            if (n > 0) {
                counts.add(n + " " + s);
            }
        });
        out.println(trials.size() + (trials.size() == 1 ? " trial: " : " trials: ") + String.join(", ", counts));
        if (array != null && array.problem() != null) {
            out.println("slurm: " + array.problem());
        }
        if (collect != null) {
            SlurmState c = collect.tasks().get(-1);
            out.println("collect job " + jobs.get().collectJobId() + ": " + (c != null ? c.shown()
                    : collect.problem() != null ? collect.problem() : "no longer known to Slurm")
                    + (Files.exists(folder.resolve("summary.csv")) ? "; summary.csv is written" : ""));
        }
        out.flush();
        return StudyOutput.OK;
    }

    private static String note(TrialStatus t) {
        return switch (t.state()) {
            case FAILED, INTERRUPTED -> t.message();
            case RUNNING -> "on " + t.running().getOrDefault("host", "?")
                    + (t.running().containsKey("slurmRestartCount") && !t.running().get("slurmRestartCount").equals("0")
                            ? " (requeued " + t.running().get("slurmRestartCount") + "x)" : "");
            default -> "";
        };
    }

    private String log(SlurmJobs jobs, TrialStatus t) {
        return SlurmJobs.FOLDER + "/" + SlurmScripts.LOGS + "/" + jobs.arrayJobId() + "_" + jobs.task(t.index()) + ".out";
    }

    private Optional<Path> squeue(SlurmJobs jobs) {
        if (squeue != null) {
            return Optional.of(squeue);
        }
        Optional<Path> onPath = ExternalCommand.onPath("squeue", System.getenv("PATH"));
        if (onPath.isPresent() || jobs.sbatch() == null) {
            return onPath;
        }
        Path beside = Path.of(jobs.sbatch()).resolveSibling("squeue");
        return Files.isExecutable(beside) ? Optional.of(beside) : Optional.empty();
    }

    /** {@code squeue -h -r -t all -j ID}: each array task's state, node and reason; never throws. */
    static Queue ask(Path squeue, String jobId) {
        ExternalCommand.Result r;
        try {
            r = ExternalCommand.run(List.of(squeue.toString(), "-h", "-r", "-t", "all", "-j", jobId, "-o", "%K|%T|%N|%r"),
                    SQUEUE_TIMEOUT_SECONDS);
        } catch (IOException e) {
            return new Queue(Map.of(), "cannot ask squeue: " + e.getMessage());
        }
        if (r.exitCode() != 0) {
            // after MinJobAge Slurm forgets a finished job: "Invalid job id specified"
            return new Queue(Map.of(), r.said().toLowerCase(Locale.ROOT).contains("invalid job id")
                    ? "job " + jobId + " is no longer known to Slurm (it ended a while ago)" : "squeue said: " + r.said());
        }
        Map<Integer, SlurmState> tasks = new HashMap<>();
        for (String line : r.out().lines().toList()) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < 4) {
                continue;
            }
            int task;
            try {
                task = Integer.parseInt(f[0].strip());
            } catch (NumberFormatException e) {
                task = -1; // N/A: a job that is no array
            }
            String node = f[2].strip().equals("(null)") ? "" : f[2].strip();
            SlurmState s = new SlurmState(f[1].strip(), node, f[3].strip());
            // a requeued task may be listed once per attempt: the live one wins
            SlurmState before = tasks.get(task);
            if (before == null || !isFinished(s.state())) {
                tasks.put(task, s);
            }
        }
        return new Queue(tasks, null);
    }

    private static boolean isFinished(String state) {
        return List.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL",
                "PREEMPTED", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE").contains(state);
    }
}

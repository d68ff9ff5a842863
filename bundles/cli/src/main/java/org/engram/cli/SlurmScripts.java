package org.engram.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.engram.api.study.SlurmResources;
import org.engram.api.study.Study;

/**
 * The two batch scripts {@code engram submit} writes into {@code <run folder>/slurm/}: {@code trials.sbatch}, a job
 * array whose task {@code t} runs trials {@code t*K} to {@code t*K+K-1} with {@code engram run --trial}, and
 * {@code collect.sbatch}, which runs {@code engram collect} once the array has ended. Both call the installation's
 * own {@code bin/engram} by its absolute path, so the installation and the run folder must be on a file system
 * every node mounts at the same path.
 */
final class SlurmScripts {

    static final String TRIALS = "trials.sbatch";
    static final String COLLECT = "collect.sbatch";
    static final String LOGS = "logs";

    private SlurmScripts() {
    }

    /** How many array tasks run a study's trials, K at a time. */
    static int tasks(Study study, int trialsPerTask) {
        return (study.trials().size() + trialsPerTask - 1) / trialsPerTask;
    }

    /**
     * @param engram  the installation's {@code bin/engram}, absolute
     * @param folder  the run folder, absolute
     * @param options more {@code #SBATCH} options, each as given to sbatch, e.g. {@code --account=lab}
     */
    static String trials(Study study, Path engram, Path folder, SlurmResources resources, int trialsPerTask,
            List<String> options) {
        int trials = study.trials().size();
        int tasks = tasks(study, trialsPerTask);
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/bash");
        lines.add("# Engram study '" + study.name() + "': " + trials + (trials == 1 ? " trial" : " trials") + ", "
                + trialsPerTask + " per array task. Written by 'engram submit'; each task runs its trials with");
        lines.add("# 'engram run --trial K', continuing from their checkpoints after a requeue. 'engram status' watches.");
        lines.add("#SBATCH --job-name=" + jobName(study, ""));
        lines.add("#SBATCH --array=0-" + (tasks - 1));
        lines.add("#SBATCH --output=" + outputPath(folder.resolve(SlurmJobs.FOLDER).resolve(LOGS).resolve("%A_%a.out")));
        // a requeued task appends to its log rather than wiping what the first attempt said
        lines.add("#SBATCH --open-mode=append");
        lines.add("#SBATCH --requeue");
        resources(lines, resources, true);
        options.forEach(o -> lines.add("#SBATCH " + o));
        lines.add("");
        lines.add("set -eu");
        lines.add("trials_per_task=" + trialsPerTask);
        lines.add("trials=" + trials);
        lines.add("first=$((SLURM_ARRAY_TASK_ID * trials_per_task))");
        lines.add("last=$((first + trials_per_task - 1))");
        lines.add("if [ \"$last\" -ge \"$trials\" ]; then last=$((trials - 1)); fi");
        lines.add("args=()");
        lines.add("for ((k = first; k <= last; k++)); do args+=(--trial \"$k\"); done");
        lines.add("echo \"engram: array task $SLURM_ARRAY_TASK_ID (restart ${SLURM_RESTART_COUNT:-0}) on $(hostname) at "
                + "$(date -u +%Y-%m-%dT%H:%M:%SZ): trials $first to $last\"");
        lines.add("exec " + quoted(engram.toString()) + " run \"${args[@]}\" " + quoted(folder.toString()));
        return String.join("\n", lines) + "\n";
    }

    /** The job that writes the summary and plots; submitted with {@code --dependency=afterany:<array>}. */
    static String collect(Study study, Path engram, Path folder, SlurmResources resources, List<String> options) {
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/bash");
        lines.add("# Engram study '" + study.name() + "': the summary and plots once every array task has ended.");
        lines.add("# Written by 'engram submit', which submits it with --dependency=afterany:<array job id>.");
        lines.add("#SBATCH --job-name=" + jobName(study, "-collect"));
        lines.add("#SBATCH --output=" + outputPath(folder.resolve(SlurmJobs.FOLDER).resolve(LOGS).resolve("collect_%j.out")));
        lines.add("#SBATCH --open-mode=append");
        // the partition only: collecting needs neither the trials' CPUs nor their memory or time
        resources(lines, resources, false);
        options.forEach(o -> lines.add("#SBATCH " + o));
        lines.add("");
        lines.add("exec " + quoted(engram.toString()) + " collect " + quoted(folder.toString()));
        return String.join("\n", lines) + "\n";
    }

    private static void resources(List<String> lines, SlurmResources r, boolean all) {
        if (r.partition() != null) {
            lines.add("#SBATCH --partition=" + r.partition());
        }
        if (!all) {
            return;
        }
        if (r.time() != null) {
            lines.add("#SBATCH --time=" + r.time());
        }
        if (r.cpusPerTask() > 0) {
            lines.add("#SBATCH --cpus-per-task=" + r.cpusPerTask());
        }
        if (r.mem() != null) {
            lines.add("#SBATCH --mem=" + r.mem());
        }
    }

    private static String jobName(Study study, String suffix) {
        return "engram-" + study.name() + suffix;
    }

    /** A path for {@code --output}: a literal % doubled (Slurm expands %A, %a, %j), quoted if it has blanks. */
    private static String outputPath(Path p) {
        String path = p.getParent().toString().replace("%", "%%") + p.getFileSystem().getSeparator() + p.getFileName();
        return path.matches(".*\\s.*") ? "\"" + path + "\"" : path;
    }

    /** A word for bash, in single quotes. */
    static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

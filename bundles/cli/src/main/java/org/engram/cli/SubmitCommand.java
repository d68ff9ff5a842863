package org.engram.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.engram.api.study.InvalidStudyException;
import org.engram.api.study.SlurmResources;
import org.engram.api.study.Study;
import org.engram.api.study.StudyService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "submit", sortOptions = false,
        header = "Submit a study to Slurm: one array task per trial, then a collect job.",
        description = {"Submit a study to a Slurm cluster: a job array with one task per trial (or per K trials), each",
            "running 'engram run --trial' into one shared run folder, and a job that writes the summary and plots once",
            "the array has ended. The study is checked in full first. The installation and the run folder must be on",
            "a file system that every node mounts at the same path. A task that Slurm requeues (pre-emption, a node",
            "that fails) continues its trial from the trial's last epoch checkpoint.",
            "Exit code: 0 submitted, 1 sbatch is missing or refused the job, 2 the study or the command line is invalid."},
        footer = {"", "Example:", "  engram submit studies/quickstart.yaml --slurm --partition cpu --time 2:00:00 --runs /shared/runs",
            "  engram status /shared/runs/quickstart-20260101-120000", "The guide: docs/cluster.md."})
final class SubmitCommand implements Callable<Integer> {

    /** What {@code sbatch --parsable} prints: the job id, then {@code ;cluster} on a federation. */
    private static final Pattern JOB_ID = Pattern.compile("(\\d+)(?:;\\S*)?");
    static final long SBATCH_TIMEOUT_SECONDS = 120;

    private final StudyService studies;
    private final Supplier<String> home;
    private final Supplier<String> path;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "the study file, e.g. studies/quickstart.yaml")
    Path file;

    @Option(names = "--slurm", required = true, description = "submit to Slurm with sbatch (the one scheduler Engram knows)")
    boolean slurm;

    @Option(names = "--runs", paramLabel = "DIR", defaultValue = "runs",
            description = "where the run folder is created, on the shared file system (default: ${DEFAULT-VALUE})")
    Path runs;

    @Option(names = "--partition", paramLabel = "P", description = "the partition (overrides the study's slurm: section)")
    String partition;

    @Option(names = "--time", paramLabel = "D-HH:MM:SS", description = "each task's time limit, in Slurm's form")
    String time;

    @Option(names = "--cpus-per-task", paramLabel = "N", description = "CPUs for each task")
    Integer cpusPerTask;

    @Option(names = "--mem", paramLabel = "SIZE", description = "memory for each task, e.g. 4G")
    String mem;

    @Option(names = "--trials-per-task", paramLabel = "K", defaultValue = "1",
            description = "trials each array task runs, up to the study's 'parallel' at a time (default: ${DEFAULT-VALUE})")
    int trialsPerTask;

    @Option(names = "--sbatch-option", paramLabel = "OPT",
            description = "one more sbatch option for both jobs, e.g. --sbatch-option=--account=lab (repeatable)")
    List<String> sbatchOptions = new ArrayList<>();

    @Option(names = "--dry-run", description = "write the run folder and scripts and print the sbatch commands; submit nothing")
    boolean dryRun;

    @Option(names = "--sbatch", paramLabel = "PATH", description = "the sbatch to use (default: the one on the PATH)")
    Path sbatch;

    /**
     * @param home the installation's folder ({@code engram.home}), whose {@code bin/engram} each task runs
     * @param path the {@code PATH} to find sbatch in
     */
    SubmitCommand(StudyService studies, Supplier<String> home, Supplier<String> path) {
        this.studies = studies;
        this.home = home;
        this.path = path;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (studies == null) {
            return StudyOutput.missingService(err);
        }
        if (trialsPerTask < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trials-per-task must be at least 1, got "
                    + trialsPerTask);
        }
        if (cpusPerTask != null && cpusPerTask < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cpus-per-task must be at least 1, got "
                    + cpusPerTask);
        }
        String installed = home.get();
        if (installed == null || installed.isBlank()) {
            return fail(err, "cannot tell where this Engram is installed (the engram.home property is not set), and each "
                    + "task must call its bin/engram: run this command through the installation's bin/engram");
        }
        Path engram = Path.of(installed).toAbsolutePath().normalize().resolve("bin").resolve("engram");
        Study study;
        try {
            study = studies.load(file);
        } catch (InvalidStudyException e) {
            return StudyOutput.invalid(err, e);
        }
        Path command = null;
        if (!dryRun) {
            Optional<Path> found = sbatch != null ? Optional.of(sbatch) : ExternalCommand.onPath("sbatch", path.get());
            if (found.isEmpty() || !Files.isExecutable(found.get())) {
                return fail(err, (sbatch != null ? sbatch + " is not an executable file"
                        : "sbatch is not on the PATH") + ", so nothing can be submitted and nothing was created. Run this "
                        + "on the cluster's login node, or install the Slurm client there (Debian, Ubuntu: apt-get install "
                        + "slurm-client), or give sbatch's path with --sbatch PATH");
            }
            command = found.get().toAbsolutePath();
        }
        SlurmResources resources = study.slurm().overriddenBy(new SlurmResources(partition, time,
                cpusPerTask == null ? 0 : cpusPerTask, mem));

        Path folder;
        try {
            folder = studies.prepare(study, runs.toAbsolutePath().normalize());
        } catch (IOException e) {
            return fail(err, StudyOutput.message(e));
        }
        Path slurmFolder = folder.resolve(SlurmJobs.FOLDER);
        Path trialsScript = slurmFolder.resolve(SlurmScripts.TRIALS);
        Path collectScript = slurmFolder.resolve(SlurmScripts.COLLECT);
        try {
            Files.createDirectories(slurmFolder.resolve(SlurmScripts.LOGS));
            writeScript(trialsScript, SlurmScripts.trials(study, engram, folder, resources, trialsPerTask, sbatchOptions));
            writeScript(collectScript, SlurmScripts.collect(study, engram, folder, resources, sbatchOptions));
        } catch (IOException e) {
            return failAndRemove(err, folder, "cannot write the batch scripts into " + slurmFolder + ": " + e);
        }
        int tasks = SlurmScripts.tasks(study, trialsPerTask);
        String trialsLine = study.trials().size() + (study.trials().size() == 1 ? " trial" : " trials") + " in " + tasks
                + (tasks == 1 ? " array task" : " array tasks") + (trialsPerTask > 1 ? " of up to " + trialsPerTask : "");
        if (dryRun) {
            out.println("study " + study.name() + ": " + trialsLine + "; nothing submitted (--dry-run)");
            out.println("run folder: " + folder);
            out.println("to submit:");
            out.println("  sbatch --parsable " + trialsScript);
            out.println("  sbatch --parsable --dependency=afterany:<the array's job id> " + collectScript);
            out.flush();
            return StudyOutput.OK;
        }

        String arrayId;
        try {
            arrayId = submit(command, List.of(trialsScript.toString()));
        } catch (IOException e) {
            return failAndRemove(err, folder, "sbatch refused the job array of the trials: " + e.getMessage()
                    + ". Nothing was submitted; fix the resources (the flags or the study's slurm: section) and submit again");
        }
        String collectId = null;
        String collectProblem = null;
        try {
            // recorded at once, so that status finds the array even if what follows fails
            new SlurmJobs(arrayId, null, trialsPerTask, command.toString()).write(folder);
            collectId = submit(command, List.of("--dependency=afterany:" + arrayId, collectScript.toString()));
            new SlurmJobs(arrayId, collectId, trialsPerTask, command.toString()).write(folder);
        } catch (IOException e) {
            collectProblem = e.getMessage();
        }
        out.println("submitted study " + study.name() + ": " + trialsLine + " as job array " + arrayId
                + (collectId == null ? "" : ", then job " + collectId + " to collect the results"));
        out.println("run folder: " + folder);
        out.println("  engram status " + folder + "     where each trial stands");
        out.println("  engram collect " + folder + "    the summary and plots"
                + (collectId == null ? "" : " (job " + collectId + " runs it when the array has ended)"));
        out.flush();
        if (collectProblem != null) {
            return fail(err, "the trials are submitted (job array " + arrayId + ") but the job to collect them is not: "
                    + collectProblem + ". Once the trials have ended, run: engram collect " + folder);
        }
        return StudyOutput.OK;
    }

    /** Runs {@code sbatch --parsable ARGS} and returns the job id it printed. */
    private static String submit(Path sbatch, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(sbatch.toString(), "--parsable"));
        command.addAll(args);
        ExternalCommand.Result r = ExternalCommand.run(command, SBATCH_TIMEOUT_SECONDS);
        if (r.exitCode() != 0) {
            throw new IOException("sbatch exited with " + r.exitCode() + ": " + r.said());
        }
        List<String> lines = r.out().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        Matcher m = lines.isEmpty() ? null : JOB_ID.matcher(lines.get(lines.size() - 1));
        if (m == null || !m.matches()) {
            throw new IOException("sbatch printed no job id (it said: " + r.said() + ")");
        }
        return m.group(1);
    }

    private static void writeScript(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        file.toFile().setExecutable(true, false);
    }

    private static int fail(PrintWriter err, String message) {
        err.println("engram submit: " + message);
        err.flush();
        return StudyOutput.FAILED;
    }

    /** Nothing was submitted: the run folder would only mislead, so it goes. */
    private static int failAndRemove(PrintWriter err, Path folder, String message) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            return fail(err, message + " (the run folder " + folder + " could not be removed: " + e + ")");
        }
        return fail(err, message);
    }
}

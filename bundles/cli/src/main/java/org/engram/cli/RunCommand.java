package org.engram.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.engram.api.study.InvalidStudyException;
import org.engram.api.study.Study;
import org.engram.api.study.StudyOutcome;
import org.engram.api.study.StudyService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", sortOptions = false,
        header = "Run a study file's trials in parallel, then write its summary, report and plots.",
        description = {"Run a study: every trial of a YAML study file (variants x sweep x seeds), in parallel, then a",
            "summary over seeds and plots. The whole study is checked before anything runs.",
            "With --trial K and a run folder instead of a study file: only those trials of the folder's study, each",
            "continuing from its checkpoint, and no summary (what a Slurm array task of 'engram submit' runs).",
            "Exit code: 0 all trials finished, 1 some failed (the summary is still written), 2 the study is invalid."},
        footer = {"", "Examples:", "  engram run studies/quickstart.yaml",
            "  engram run --trial 3 runs/quickstart-20260101-120000", "The format: docs/studies.md."})
final class RunCommand implements Callable<Integer> {
    private final StudyService studies;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "the study file, e.g. studies/quickstart.yaml; with --trial, "
            + "the run folder")
    Path file;

    @Option(names = "--trial", paramLabel = "K", description = "run only this trial of the run folder given: its index "
            + "(from 0, as 'engram status' lists them) or its id; repeatable")
    List<String> trials = new ArrayList<>();

    @Option(names = "--runs", paramLabel = "DIR", defaultValue = "runs",
            description = "where run folders are created (default: ${DEFAULT-VALUE})")
    Path runs;

    @Option(names = {"-q", "--quiet"}, description = "print only the result")
    boolean quiet;

    @Option(names = "--check", description = "only check the study (every name, parameter and shape) and list its trials")
    boolean check;

    RunCommand(StudyService studies) {
        this.studies = studies;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (studies == null) {
            return StudyOutput.missingService(err);
        }
        if (!trials.isEmpty()) {
            if (check) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--check takes a study file, not --trial");
            }
            return runTrials(err);
        }
        Study study;
        try {
            study = studies.load(file);
        } catch (InvalidStudyException e) {
            return StudyOutput.invalid(err, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (check) {
            out.println(file + ": valid, " + study.trials().size() + " trials");
            study.trials().forEach(t -> out.println("  " + t.id()));
            out.flush();
            return 0;
        }
        try {
            StudyOutcome outcome = studies.run(study, runs, StudyOutput.progress(out, quiet));
            return StudyOutput.report(outcome, out, err);
        } catch (IOException e) {
            return StudyOutput.failed(err, "engram", e);
        }
    }

    /** The trials named in an existing run folder: the work of one array task. */
    private int runTrials(PrintWriter err) {
        PrintWriter out = spec.commandLine().getOut();
        StudyOutcome o;
        try {
            o = studies.runTrials(file, trials, StudyOutput.progressOfTrials(out, quiet));
        } catch (InvalidStudyException e) {
            return StudyOutput.invalid(err, e);
        } catch (IOException e) {
            return StudyOutput.failed(err, "engram", e);
        }
        o.completed().forEach(id -> out.println("trial " + id + ": done"));
        o.skipped().forEach(id -> out.println("trial " + id + ": done already"));
        out.flush();
        o.failures().forEach((id, why) -> err.println("failed: " + id + ": " + why));
        o.notRun().forEach(id -> err.println("interrupted: " + id));
        err.flush();
        return o.succeeded() ? StudyOutput.OK : StudyOutput.FAILED;
    }
}

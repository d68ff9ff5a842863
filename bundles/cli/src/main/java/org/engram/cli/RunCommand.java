package org.engram.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.engram.api.study.InvalidStudyException;
import org.engram.api.study.Study;
import org.engram.api.study.StudyOutcome;
import org.engram.api.study.StudyService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", sortOptions = false,
        description = {"Run a study: every trial of a YAML study file (variants x sweep x seeds), in parallel, then a",
            "summary over seeds and plots. The whole study is checked before anything runs.",
            "Exit code: 0 all trials finished, 1 some failed (the summary is still written), 2 the study is invalid."},
        footer = {"", "Example:", "  engram run studies/quickstart.yaml", "The format: docs/studies.md."})
final class RunCommand implements Callable<Integer> {
    private final StudyService studies;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "the study file, e.g. studies/quickstart.yaml")
    Path file;

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
        Study study;
        try {
            study = studies.load(file);
        } catch (InvalidStudyException e) {
            err.println(e.getMessage());
            err.flush();
            return StudyOutput.INVALID;
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
            // the study service's message names the file, the cause and what to do
            err.println("engram: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return StudyOutput.FAILED;
        }
    }
}

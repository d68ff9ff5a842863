package org.engram.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.engram.api.study.InvalidStudyException;
import org.engram.api.study.StudyOutcome;
import org.engram.api.study.StudyService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "resume",
        header = "Finish an interrupted run: rerun its unfinished trials, then rewrite the summary.",
        description = {"Finish an interrupted or partly failed run: skip the trials that have their DONE marker, continue",
            "the others from their last epoch's checkpoint (from scratch if they have none), then rewrite the",
            "summary and plots. Exit codes as for 'run'."},
        footer = {"", "Example:", "  engram resume runs/quickstart-20260101-120000"})
final class ResumeCommand implements Callable<Integer> {
    private final StudyService studies;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_FOLDER", description = "a folder that 'engram run' created")
    Path folder;

    @Option(names = {"-q", "--quiet"}, description = "print only the result")
    boolean quiet;

    ResumeCommand(StudyService studies) {
        this.studies = studies;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (studies == null) {
            return StudyOutput.missingService(err);
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            return StudyOutput.report(studies.resume(folder, StudyOutput.progress(out, quiet)), out, err);
        } catch (InvalidStudyException e) {
            return StudyOutput.invalid(err, e);
        } catch (IOException e) {
            return StudyOutput.failed(err, "engram", e);
        }
    }
}

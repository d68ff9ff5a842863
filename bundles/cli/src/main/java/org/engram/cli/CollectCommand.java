package org.engram.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.engram.api.study.InvalidStudyException;
import org.engram.api.study.StudyOutcome;
import org.engram.api.study.StudyService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "collect",
        header = "Write a run folder's summary, report and plots from its finished trials.",
        description = {"Write the summary and plots of a run folder from its finished trials, as the end of 'engram run'",
            "does: for a study whose trials ran apart, e.g. as Slurm array tasks ('engram submit' has a job run it).",
            "Exit code: 0 every trial is done, 1 some failed or have not finished (the summary of the others is",
            "still written), 2 the folder holds no study."},
        footer = {"", "Example:", "  engram collect runs/quickstart-20260101-120000"})
final class CollectCommand implements Callable<Integer> {
    private final StudyService studies;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_FOLDER", description = "a folder that 'engram run' or 'engram submit' created")
    Path folder;

    CollectCommand(StudyService studies) {
        this.studies = studies;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (studies == null) {
            return StudyOutput.missingService(err);
        }
        StudyOutcome o;
        try {
            o = studies.collect(folder);
        } catch (InvalidStudyException e) {
            return StudyOutput.invalid(err, e);
        } catch (IOException e) {
            return StudyOutput.failed(err, "engram", e);
        }
        int trials = o.study().trials().size();
        out.println("study " + o.study().name() + ": " + o.completed().size() + " of " + trials + " trials done"
                + (o.failures().isEmpty() ? "" : ", " + o.failures().size() + " failed")
                + (o.notRun().isEmpty() ? "" : ", " + o.notRun().size() + " not finished"));
        StudyOutput.printResults(out, o.folder());
        out.flush();
        o.failures().forEach((id, why) -> err.println("failed: " + id + ": " + why));
        if (!o.notRun().isEmpty()) {
            err.println("not finished: " + String.join(", ", o.notRun()));
        }
        if (!o.succeeded()) {
            err.println("the summary holds the finished trials only; 'engram status " + o.folder() + "' tells where the "
                    + "others stand, 'engram resume " + o.folder() + "' runs them here");
        }
        err.flush();
        return o.succeeded() ? StudyOutput.OK : StudyOutput.FAILED;
    }
}

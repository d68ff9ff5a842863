package org.engram.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.engram.api.study.StudyOutcome;

/** What {@code run} and {@code resume} share: their exit codes, progress display and closing report. */
final class StudyOutput {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;

    private StudyOutput() {
    }

    /** A bar updated in place when a person watches (a console), plain lines for logs and pipes. */
    static StudyProgress progress(PrintWriter out, boolean quiet) {
        return new StudyProgress(out, System.console() != null, quiet, System::nanoTime);
    }

    /** As {@link #progress}, for some trials of a run folder ({@code run --trial}). */
    static StudyProgress progressOfTrials(PrintWriter out, boolean quiet) {
        return new StudyProgress(out, System.console() != null, quiet, System::nanoTime, true);
    }

    static int missingService(PrintWriter err) {
        err.println("engram: studies are not available: the org.engram.study bundle is not installed or not active "
                + "(check with 'engram shell' and 'scr:list')");
        err.flush();
        return FAILED;
    }

    static int report(StudyOutcome o, PrintWriter out, PrintWriter err) {
        int trials = o.study().trials().size();
        int finished = o.completed().size() + o.skipped().size();
        out.println("study " + o.study().name() + ": " + finished + " of " + trials + " trials done"
                + (o.skipped().isEmpty() ? "" : " (" + o.skipped().size() + " before this resume)")
                + (o.failures().isEmpty() ? "" : ", " + o.failures().size() + " failed")
                + (o.notRun().isEmpty() ? "" : ", " + o.notRun().size() + " interrupted"));
        List<String> files = new ArrayList<>();
        for (String f : List.of("summary.csv", "accuracy.png", "sweep.png", "failures.txt")) {
            if (Files.exists(o.folder().resolve(f))) {
                files.add(f);
            }
        }
        out.println("results: " + o.folder() + (files.isEmpty() ? "" : " (" + String.join(", ", files) + ")"));
        out.flush();
        o.failures().forEach((id, why) -> err.println("failed: " + id + ": " + why));
        if (!o.succeeded()) {
            err.println("to rerun the unfinished trials: engram resume " + o.folder());
        }
        err.flush();
        return o.succeeded() ? OK : FAILED;
    }
}

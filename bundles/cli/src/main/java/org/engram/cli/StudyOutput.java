package org.engram.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.engram.api.study.InvalidStudyException;
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

    /** A study that does not validate: the service's message lists every problem with its line. */
    static int invalid(PrintWriter err, InvalidStudyException e) {
        err.println(e.getMessage());
        err.flush();
        return INVALID;
    }

    /** A file that could not be read or written: the study service's message names it, the cause and what to do. */
    static int failed(PrintWriter err, String command, IOException e) {
        err.println(command + ": " + message(e));
        err.flush();
        return FAILED;
    }

    static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** {@code results: <folder> (summary.csv, accuracy.png, ...)}, naming the files the run folder has. */
    static void printResults(PrintWriter out, Path folder) {
        List<String> files = new ArrayList<>();
        for (String f : List.of("report.html", "summary.csv", "comparisons.csv", "accuracy.png", "sweep.png", "metrics.png",
                "failures.txt")) {
            if (Files.exists(folder.resolve(f))) {
                files.add(f);
            }
        }
        out.println("results: " + folder + (files.isEmpty() ? "" : " (" + String.join(", ", files) + ")"));
    }

    static int report(StudyOutcome o, PrintWriter out, PrintWriter err) {
        int trials = o.study().trials().size();
        int finished = o.completed().size() + o.skipped().size();
        out.println("study " + o.study().name() + ": " + finished + " of " + trials + " trials done"
                + (o.skipped().isEmpty() ? "" : " (" + o.skipped().size() + " before this resume)")
                + (o.failures().isEmpty() ? "" : ", " + o.failures().size() + " failed")
                + (o.notRun().isEmpty() ? "" : ", " + o.notRun().size() + " interrupted"));
        printResults(out, o.folder());
        out.flush();
        o.failures().forEach((id, why) -> err.println("failed: " + id + ": " + why));
        if (!o.succeeded()) {
            err.println("to rerun the unfinished trials: engram resume " + o.folder());
        }
        err.flush();
        return o.succeeded() ? OK : FAILED;
    }
}

package org.engram.api.engine;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** A trial that cannot run as written; every problem is listed, as data, with what would fix it. */
@ProviderType
public class InvalidTrialException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<TrialProblem> problems;

    public InvalidTrialException(String trial, List<TrialProblem> problems) {
        super("trial '" + trial + "' is invalid:\n  - " + String.join("\n  - ", problems.stream().map(TrialProblem::message).toList()));
        this.problems = List.copyOf(problems);
    }

    /** A trial with one problem of the trial as a whole. */
    public InvalidTrialException(String trial, String problem) {
        this(trial, List.of(TrialProblem.ofTrial(problem)));
    }

    /** Each problem: its kind, the plugin, layer and parameter it concerns, and its message. */
    public List<TrialProblem> problems() {
        return problems;
    }
}

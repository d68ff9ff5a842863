package org.engram.api.engine;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** A trial that cannot run as written; every problem is listed with what would fix it. */
@ProviderType
public class InvalidTrialException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidTrialException(String trial, List<String> problems) {
        super("trial '" + trial + "' is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

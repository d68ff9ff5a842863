package org.engram.api.study;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** A study that cannot run as written; every problem is listed with its file and line and what would fix it. */
@ProviderType
public class InvalidStudyException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    /** @param problems each starting with {@code file:line: } where a line is known */
    public InvalidStudyException(String source, List<String> problems) {
        super("study " + source + " is invalid (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

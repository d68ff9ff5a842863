package org.engram.api.param;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Thrown by {@link Parameters#resolve}: every problem with the given values, each naming its parameter. */
@ProviderType
public class InvalidParametersException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String owner;
    private final List<ParameterProblem> problems;

    /**
     * @param owner    names the plugin, e.g. {@code rule 'ib-hebbian'}
     * @param problems at least one
     */
    public InvalidParametersException(String owner, List<ParameterProblem> problems) {
        super(owner + ": " + String.join("; ", problems.stream().map(ParameterProblem::message).toList()));
        this.owner = owner;
        this.problems = List.copyOf(problems);
    }

    /** The plugin, as given to {@link Parameters#resolve}. */
    public String owner() {
        return owner;
    }

    public List<ParameterProblem> problems() {
        return problems;
    }
}

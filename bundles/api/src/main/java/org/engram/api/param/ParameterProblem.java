package org.engram.api.param;

import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One thing wrong with the parameters given to a plugin.
 *
 * @param parameter the name as the user wrote it (an unknown one too)
 * @param message   what is wrong and what would fix it, e.g. {@code parameter 'window' is -3, out of range; use a value in [1, ∞)}
 */
@ProviderType
public record ParameterProblem(String parameter, String message) {

    public ParameterProblem {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(message, "message");
    }
}

package org.engram.api.engine;

import org.osgi.annotation.versioning.ProviderType;

/** A trial that started and then failed: a plugin threw, data was bad, or numbers went non-finite. */
@ProviderType
public class TrialFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public TrialFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

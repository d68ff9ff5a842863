package org.engram.api.engine;

/** A trial that started and then failed: a plugin threw, data was bad, or numbers went non-finite. */
public class TrialFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public TrialFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

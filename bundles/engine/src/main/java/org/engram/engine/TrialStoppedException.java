package org.engram.engine;

import org.engram.api.engine.TrialFailedException;

/**
 * A trial stopped because its thread was interrupted: Engram is being stopped (Ctrl-C, SIGTERM, a scheduler's
 * pre-emption). It stops between two learning steps, so its last checkpoint and the metrics before it stand and a
 * resume continues from there; nothing is wrong with the trial.
 */
final class TrialStoppedException extends TrialFailedException {
    private static final long serialVersionUID = 1L;

    TrialStoppedException(String message) {
        super(message, null);
    }
}

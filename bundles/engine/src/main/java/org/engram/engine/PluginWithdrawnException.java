package org.engram.engine;

import org.engram.api.engine.TrialFailedException;

/**
 * A trial stopped because one of its plugins' services was unregistered while it ran (a hot swap, or Engram
 * stopping): going on would mix two versions of the plugin in one trial.
 */
final class PluginWithdrawnException extends TrialFailedException {
    private static final long serialVersionUID = 1L;

    private final boolean beforeFirstEpoch;

    PluginWithdrawnException(String message, Throwable cause, boolean beforeFirstEpoch) {
        super(message, cause);
        this.beforeFirstEpoch = beforeFirstEpoch;
    }

    /** Whether it stopped before reporting or keeping anything, so that it may simply start again. */
    boolean beforeFirstEpoch() {
        return beforeFirstEpoch;
    }
}

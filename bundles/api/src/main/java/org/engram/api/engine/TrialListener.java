package org.engram.api.engine;

import org.osgi.annotation.versioning.ConsumerType;

/** Progress of a running trial, for progress bars and logs. Called on the trial's thread. */
@ConsumerType
public interface TrialListener {

    TrialListener NONE = new TrialListener() {
    };

    /** Training progress within an epoch; called every hundred samples or so. */
    default void progress(int epoch, long samplesDone, long samplesPerEpoch) {
    }

    default void epochDone(EpochResult result) {
    }
}

package org.engram.api.study;

import java.nio.file.Path;
import java.util.List;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.TrialResult;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Progress of a running study, for progress bars and logs. Trials run in parallel, so the trial methods
 * are called from several threads at once; an implementation synchronises what it shares.
 * An exception thrown here is reported and otherwise ignored: it never fails a trial.
 */
@ConsumerType
public interface StudyListener {

    StudyListener NONE = new StudyListener() {
    };

    /** Before the first trial starts. */
    default void started(Study study, Path folder, List<StudyTrial> toRun) {
    }

    default void trialStarted(StudyTrial trial) {
    }

    /** Training progress within an epoch; called every hundred samples or so. */
    default void progress(StudyTrial trial, int epoch, long samplesDone, long samplesPerEpoch) {
    }

    /** After each epoch's evaluation; epoch 0 is the evaluation before training. */
    default void epochDone(StudyTrial trial, EpochResult result) {
    }

    /** After the trial's files, its {@code DONE} marker last, are written. */
    default void trialDone(StudyTrial trial, TrialResult result) {
    }

    default void trialFailed(StudyTrial trial, String reason) {
    }

    /** After the summary and plots are written. */
    default void finished(StudyOutcome outcome) {
    }
}

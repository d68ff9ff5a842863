package org.engram.api.study;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where one trial of a run folder stands, as its folder tells.
 *
 * @param index      the trial's place in the study, from 0 ({@code engram run --trial K} takes it)
 * @param id         the trial's id
 * @param state      what its folder says
 * @param epochsDone the last epoch recorded in its {@code metrics.csv} (all of them once done)
 * @param epochs     the epochs it runs in all
 * @param message    for {@link State#FAILED} the reason (the first line of its {@code failure.txt}); for
 *                   {@link State#INTERRUPTED} what is known of why; else empty
 * @param running    the fields of its {@code RUNNING} marker while it has one (host, pid, started, Slurm job and
 *                   task ids), else empty
 * @since 1.1
 */
@ProviderType
public record TrialStatus(int index, String id, State state, int epochsDone, int epochs, String message,
        Map<String, String> running) {

    /** A trial's state. */
    public enum State {
        /** Not started: its folder is missing or empty. */
        QUEUED,
        /** A process runs it (or ran it and died without a trace, which only the scheduler can tell). */
        RUNNING,
        /** Finished: it has its {@code DONE} marker. */
        DONE,
        /** It failed: it has a {@code failure.txt}. */
        FAILED,
        /** It started and stopped before the end (killed, or its process is gone); it continues from its checkpoint. */
        INTERRUPTED
    }

    public TrialStatus {
        message = message == null ? "" : message;
        running = Collections.unmodifiableMap(new LinkedHashMap<>(running));
    }

    /** The host its {@code RUNNING} marker names, or null. */
    public String host() {
        return running.get("host");
    }
}

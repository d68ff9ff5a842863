package org.engram.api.engine;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.engram.api.PluginKind;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The engine service: every plugin it currently sees, and trials run from a {@link TrialSpec}.
 * Plugins come and go at runtime; each call sees the set present at that moment.
 */
@ProviderType
public interface Engine {

    /** Every discovered plugin, sorted by kind then name. */
    List<PluginInfo> plugins();

    Optional<PluginInfo> plugin(PluginKind kind, String name);

    /**
     * Checks a trial without running it: every name known, every parameter known, typed and in
     * range, shapes consistent.
     *
     * @throws InvalidTrialException listing every problem, each with what is available
     */
    void validate(TrialSpec spec) throws InvalidTrialException;

    /**
     * Validates, then runs a trial to the end on the calling thread.
     *
     * @param listener told after each epoch; may be {@link TrialListener#NONE}
     */
    TrialResult run(TrialSpec spec, TrialListener listener) throws InvalidTrialException, TrialFailedException;

    /**
     * As {@link #run(TrialSpec, TrialListener)}, checkpointing after every epoch into {@code checkpoints}
     * and, when it holds a checkpoint of this same trial, continuing from it: the result (every epoch's
     * record included) is bit-identical to an uninterrupted run. A checkpoint of another trial (other
     * spec, seed or plugin code) is refused with an {@link InvalidTrialException} naming the difference.
     *
     * @since 1.1
     */
    TrialResult run(TrialSpec spec, TrialListener listener, TrialCheckpoints checkpoints)
            throws InvalidTrialException, TrialFailedException;

    /**
     * As {@link #run(TrialSpec, TrialListener, TrialCheckpoints)} on at most {@code threads} threads, the share of
     * the machine the caller gives this trial (a study running several trials at once gives each a part); 0 means
     * every core. The results do not depend on it. The default ignores it (one thread).
     *
     * @since 2.1
     */
    default TrialResult run(TrialSpec spec, TrialListener listener, TrialCheckpoints checkpoints, int threads)
            throws InvalidTrialException, TrialFailedException {
        return run(spec, listener, checkpoints);
    }

    /**
     * The epoch a checkpoint of this engine's (the bytes it gave {@link TrialCheckpoints#save}) was taken after, once
     * the bytes are checked as a resumed run checks them. A store keeps the bytes as they are and learns here where its
     * trial will continue, without reading the engine's format itself.
     *
     * @throws IOException if the bytes are no checkpoint this engine can read; the message says what is wrong with them
     * @since 2.1
     */
    int checkpointEpoch(byte[] state) throws IOException;
}

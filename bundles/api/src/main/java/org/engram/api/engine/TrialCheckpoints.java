package org.engram.api.engine;

import java.io.IOException;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a trial's epoch checkpoints are kept, supplied by whoever runs the trial (a study keeps one
 * file per trial folder). The bytes are the engine's own format, checked by the engine when read back (magic,
 * version, checksum); a store only keeps them, and asks {@link Engine#checkpointEpoch} for the epoch they are after.
 */
@ConsumerType
public interface TrialCheckpoints {

    /** Keeps nothing: the trial always starts from its first epoch. */
    TrialCheckpoints NONE = new TrialCheckpoints() {
        @Override
        public Optional<byte[]> latest() {
            return Optional.empty();
        }

        @Override
        public void save(int epoch, byte[] state) {
        }
    };

    /** The state saved last, or empty to start from the beginning. */
    Optional<byte[]> latest() throws IOException;

    /**
     * Keeps the state after {@code epoch}, atomically: after a crash at any point, {@link #latest}
     * returns either this state or the one before it, never a mix.
     */
    void save(int epoch, byte[] state) throws IOException;
}

package org.engram.api;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Per-trial state that outlives an epoch (weights of a memory, optimizer moments, running means,
 * generators), written into the trial's checkpoint so an interrupted trial resumes at the epoch it
 * reached and ends bit-identical to an uninterrupted run.
 *
 * <p>A {@link org.engram.api.rule.Learner}, a {@link org.engram.api.memory.Memory} or a
 * {@link org.engram.api.neuron.NeuronLayer} implements this when it carries such state. The engine
 * checkpoints a trial only when its learner and every memory it opened implement it (the network's
 * weights and the data order are the engine's own); otherwise an interrupted trial restarts from
 * its first epoch, and its provenance says so.
 *
 * <p>The engine calls {@link #writeState} at the end of every epoch, after evaluation, whether or
 * not the checkpoint is kept, so an implementation may reseed its generators there from their own
 * draws (write the new seed, continue from it): a resumed run then continues with exactly the
 * numbers the uninterrupted one uses. {@link #readState} is called once, on a freshly created
 * object, instead of the epochs already done.
 */
@ConsumerType
public interface Checkpointable {

    /** Writes everything needed to continue from here; may reseed generators (see above). */
    void writeState(DataOutput out) throws IOException;

    /** Restores what {@link #writeState} wrote, into an object created for the same trial. */
    void readState(DataInput in) throws IOException;
}

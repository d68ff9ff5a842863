package org.engram.api.neuron;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optionally implemented by a {@link NeuronLayer} whose state carries from step to step (a leaky integrator, a
 * spiking unit), so that a rule can back-propagate through the time steps of a presentation (BPTT) rather than
 * through the last step alone, as {@link NeuronLayer#vjp} does.
 *
 * <p>A rule arms a recording, runs the presentation's forwards, then walks back from the last recorded step to the
 * first, row by row:
 *
 * <pre>
 * network.resetState();
 * unrollable.record(T);
 * for t in 0..T-1: network.forward(x, rows)                 // the layer keeps what step t's VJP needs
 * for t in T-1..0: unrollable.vjpThroughTime(t, row, gZ[t], gH[t])
 * </pre>
 *
 * {@code gZ[t]} is the cotangent on the activity of step {@code t} from outside the layer (the loss at that step
 * and the layers above it); {@code gH[t]} comes back as the cotangent on that step's drive, including what flows
 * back through the carried state from the later steps. Between the calls for one row the layer keeps the
 * cotangent on its state (membrane, trace, ...); asking for the last recorded step starts a new backward pass for
 * that row, with no cotangent from the future. For a spiking model each step's spike derivative is the model's
 * documented surrogate, and what the model does with the reset path (kept or, as in SpyTorch and snnTorch,
 * detached) is documented by the model. With one recorded step, {@code vjpThroughTime(0, ...)} equals
 * {@link NeuronLayer#vjp}.
 *
 * <p>A layer that does not implement this interface is taken to be stateless: its activity at step {@code t}
 * depends on that step's drive only.
 */
@ConsumerType
public interface Unrollable {

    /**
     * Arms a recording of the next {@code steps} forwards (with one row count throughout); the previous recording is
     * dropped. Call it before the first forward of the presentation, after {@link NeuronLayer#reset} if the
     * presentation starts from rest; {@link NeuronLayer#reset} also drops a recording. Forwards past the
     * {@code steps}-th are not recorded. May allocate when {@code steps} or the row count grows.
     *
     * @param steps forwards to record, at least 1
     */
    void record(int steps);

    /** Forwards recorded since the last {@link #record}: 0 to the {@code steps} it asked for. */
    int recordedSteps();

    /**
     * One step of the backward pass through the recording for one row. Calls for a row go from
     * {@code recordedSteps() - 1} down to 0, one step at a time; other orders are refused.
     *
     * @param step            the recorded step, from 0
     * @param gradOut         [size] at {@code gradOutOffset}: the cotangent on the row's activity at that step from
     *                        outside the layer
     * @param gradDrive       [size] at {@code gradDriveOffset}: overwritten with the cotangent on the row's drive at
     *                        that step
     * @throws IllegalStateException if the step is out of order or was not recorded
     */
    void vjpThroughTime(int step, int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset);
}

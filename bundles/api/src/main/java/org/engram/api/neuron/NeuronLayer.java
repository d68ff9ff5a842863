package org.engram.api.neuron;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The units of one layer in one trial: from the synaptic drive {@code h = W z_in + b} to the
 * layer's activity {@code z}, one time step at a time, for several independent rows (the samples of
 * a window or minibatch). Stateful models (leaky integrator, spiking LIF) keep one state per row,
 * carried from call to call; a call with a different row count starts from a fresh state.
 * Calls allocate nothing once the row count is stable.
 */
@ConsumerType
public interface NeuronLayer {

    int size();

    /** Time steps one sample is presented for: 1 for rate units, e.g. 20 for the leaky cell. */
    int stepsPerSample();

    /** How many of the last of those steps the readout averages when evaluating (1 for rate units). */
    int readoutSteps();

    /**
     * One time step.
     *
     * @param drive [rows, size] synaptic drive
     * @param out   [rows, size] activity written here
     * @param rows  number of independent rows
     */
    void forward(double[] drive, double[] out, int rows);

    /**
     * Vector-Jacobian product of the last {@link #forward} for one row: {@code gradDrive = (∂z/∂h)ᵀ gradOut}.
     * Stateful models differentiate one time step only, holding the carried state constant (no
     * back-propagation through time); spiking models use their documented surrogate derivative.
     *
     * @param gradOut   [size] at {@code gradOutOffset}: a cotangent on the row's activity
     * @param gradDrive [size] at {@code gradDriveOffset}: overwritten with the cotangent on its drive
     */
    void vjp(int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset);

    /** Forgets any carried state (membrane potentials, traces, refractory counters). */
    void reset();
}

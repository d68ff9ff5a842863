package org.engram.rule.ibhebbian;

/** When a sample presented for several time steps (leaky or spiking units) changes the weights. */
enum UpdateSchedule {
    /**
     * The gradients of the sample's readout steps (the last steps, from which evaluation reads the output; the
     * earlier ones are the network settling) are averaged and applied in one optimizer step per sample, as for rate
     * units: the optimizer's step size means the same whatever the number of time steps.
     */
    PER_SAMPLE,
    /**
     * One optimizer step per time step (the authors' leaky-integrator toy, spec §2.8): 20 steps per sample move the
     * weights about 20 times as far per sample as a rate network's single step at the same learning rate.
     */
    EVERY_STEP
}

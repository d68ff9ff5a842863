package org.engram.neuron.lif;

/** What a spiking layer hands downstream each step. */
enum LifReadout {
    /** The synaptic trace {@code x ← e^{−dt/τs} x + S}: a rate-like signal. */
    TRACE,
    /** The raw spikes {@code S ∈ {0, 1}}. */
    SPIKES
}

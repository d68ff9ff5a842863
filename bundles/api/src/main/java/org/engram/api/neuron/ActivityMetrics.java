package org.engram.api.neuron;

import java.util.function.ObjDoubleConsumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optionally implemented by a {@link NeuronLayer} that measures its own activity, e.g. a spiking model's spikes per
 * unit per sample, its fraction of silent units and the mean of its surrogate derivative. The engine asks once per
 * epoch for what the layer measured over that epoch's training forwards and writes each value to the epoch's
 * metrics as {@code name/layer} (e.g. {@code spikes_per_unit/0}), beside the rule's own.
 */
@ConsumerType
public interface ActivityMetrics {

    /**
     * Hands each measurement, averaged over the forwards since the last call (or since the layer was created), to
     * {@code report} as (name, value), then starts measuring afresh. Names are lower-case words joined by '_', without
     * '/'. Called rarely (an epoch boundary): it may allocate.
     */
    void reportActivity(ObjDoubleConsumer<String> report);
}

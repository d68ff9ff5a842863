package org.engram.api.rule;

import org.engram.api.network.Window;
import org.osgi.annotation.versioning.ConsumerType;

/** The per-trial, stateful side of a learning rule. Never shared between trials or threads. */
@ConsumerType
public interface Learner {

    /** Samples per window, N: the working-memory capacity for the IB rule, the minibatch for backprop. */
    int windowLength();

    /** Samples the window advances per step: 1 for a sliding window, N for ordinary minibatches. */
    default int stride() {
        return 1;
    }

    /**
     * One learning step on the window; the network's weights change in place. Must not allocate
     * once warmed up: it runs once per training sample.
     */
    void learn(Window window);

    /** Called after each epoch's training pass, before evaluation; e.g. to report diagnostics. */
    default void endEpoch(int epoch) {
    }
}

package org.engram.rule.ibhebbian;

/** Where the window's past layer activities come from (spec §2.2, Q6). */
public enum PastActivity {
    /** The whole window is re-forwarded with the current weights each step, as the authors' code does. */
    RECOMPUTE,
    /** Each sample's activities are kept as produced when it was current; only the current sample is forwarded. */
    STORED
}

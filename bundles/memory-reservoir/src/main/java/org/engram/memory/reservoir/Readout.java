package org.engram.memory.reservoir;

/** How the reservoir's linear readout W_out learns the target signal (spec §3.3). */
enum Readout {
    /** Frontiers: LMS delta rule {@code W_out ← W_out − η_r (o − ξ*) rᵀ} at every step. */
    LMS,
    /**
     * arXiv v1: reward-modulated Hebbian learning after Hoerzer, Legenstein and Maass (2014), which learns
     * from a scalar performance signal and the output noise's exploration.
     */
    RMHEBB
}

package org.engram.memory.reservoir;

/** How the reservoir's linear readout W_out learns the target signal (spec §3.3). */
enum Readout {
    /** Frontiers: LMS delta rule {@code W_out ← W_out − η_r (o − ξ*) rᵀ} at every step. */
    LMS,
    /**
     * arXiv v1: reward-modulated Hebbian learning after Hoerzer, Legenstein and Maass (2014), which learns
     * from a scalar performance signal and the output noise's exploration.
     */
    RMHEBB,
    /**
     * Ridge regression, fitted once: while learning, the readout is teacher-forced (it emits ξ*, which also drives
     * the feedback) and the features φ = [r; s; 1] of each request's last step are accumulated with ξ*; when learning
     * is switched off the readout is solved from all of them, W = Ξᵀ Φ (Φᵀ Φ + α I)⁻¹, and from then on it answers
     * alone. Whether φ holds the current sample s is {@code readoutSample}.
     */
    RIDGE
}

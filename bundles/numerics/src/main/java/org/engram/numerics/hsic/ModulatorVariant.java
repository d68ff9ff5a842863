package org.engram.numerics.hsic;

/**
 * Which formula gives the modulatory signal ξ, the layer's global factor (spec §2.3, §2.4). All
 * approximate {@code +∂L/∂z_N}, the gradient of the layer loss with respect to the current sample's
 * activity.
 */
public enum ModulatorVariant {
    /** The exact gradient {@code −(N−1)⁻² Σ_j [H(K_x − γK_y)H]_{Nj} α_j}. */
    EXACT,
    /** arXiv v1 / SNUFA poster ({@code GlobalError}): row-centred kernel row times window-centred α. */
    V1,
    /** Frontiers code as released, which produced every published curve: {@code c_NN·ᾱ/(N−1)²}. */
    FRONTIERS_RELEASED,
    /** The community patch of October 2024: α_i in place of α_N inside the trace term. */
    FRONTIERS_PATCHED
}

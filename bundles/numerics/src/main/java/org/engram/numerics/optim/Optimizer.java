package org.engram.numerics.optim;

/** Updates one parameter array in place from its gradient; holds that array's optimizer state. */
public interface Optimizer {

    /**
     * Applies one step: {@code param ← param − update(grad)}.
     *
     * @param param the live parameters, changed in place
     * @param grad  same length; the gradient of the loss (the direction of steepest ascent)
     */
    void step(double[] param, double[] grad);
}

package org.engram.testkit;

import java.util.function.DoubleSupplier;

/**
 * Numerical gradients, to check the analytic gradient a rule computes (of a layer's weights and biases, of its own
 * loss): nudge one parameter at a time, read the loss twice, and compare.
 */
public final class FiniteDifferences {

    private FiniteDifferences() {
    }

    /**
     * The central differences {@code (loss(p + h) − loss(p − h)) / 2h} of {@code loss} in every entry of
     * {@code parameters}, in index order; each entry is restored before the next is nudged.
     *
     * @param parameters changed in place while the loss is read, e.g. {@code layer.weights()}
     * @param step {@code h}; about 1e-5 balances truncation against rounding for a loss of order one
     * @param loss reads the parameters afresh each time, e.g. by a forward pass
     */
    public static double[] central(double[] parameters, double step, DoubleSupplier loss) {
        double[] gradient = new double[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            double saved = parameters[i];
            parameters[i] = saved + step;
            double up = loss.getAsDouble();
            parameters[i] = saved - step;
            double down = loss.getAsDouble();
            parameters[i] = saved;
            gradient[i] = (up - down) / (2 * step);
        }
        return gradient;
    }

    /**
     * The largest {@code |a − n| / max(|a|, |n|, floor)} over the entries: a relative error where the gradient is
     * large, an absolute one (on the floor's scale) where it is near zero and the differences are mostly rounding.
     *
     * @param analytic the gradient under test
     * @param numeric e.g. {@link #central}
     */
    public static double worstRelativeError(double[] analytic, double[] numeric, double floor) {
        if (analytic.length != numeric.length) {
            throw new IllegalArgumentException(analytic.length + " analytic entries but " + numeric.length + " numeric");
        }
        double worst = 0;
        for (int i = 0; i < analytic.length; i++) {
            double a = analytic[i];
            double n = numeric[i];
            worst = Math.max(worst, Math.abs(a - n) / Math.max(Math.max(Math.abs(a), Math.abs(n)), floor));
        }
        return worst;
    }
}

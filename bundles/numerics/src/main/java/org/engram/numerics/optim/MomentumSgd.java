package org.engram.numerics.optim;

/** SGD with heavy-ball momentum, as optax's {@code sgd(momentum=ρ)}: {@code trace ← g + ρ·trace; param ← param − η·trace}. */
public final class MomentumSgd implements Optimizer {
    private final double learningRate;
    private final double momentum;
    private final double[] trace;

    public MomentumSgd(int size, double learningRate, double momentum) {
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.trace = new double[size];
    }

    @Override
    public void step(double[] param, double[] grad) {
        for (int i = 0; i < trace.length; i++) {
            double tr = grad[i] + momentum * trace[i];
            trace[i] = tr;
            param[i] -= learningRate * tr;
        }
    }
}

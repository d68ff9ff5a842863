package org.engram.numerics.optim;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), as optax's {@code adamw}: bias-corrected
 * moments, eps outside the square root, decay applied to every parameter and scaled by the learning rate.
 */
public final class AdamW implements Optimizer {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double[] m;
    private final double[] v;
    private long t;
    private double beta1Power = 1.0;
    private double beta2Power = 1.0;

    public AdamW(int size, double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.m = new double[size];
        this.v = new double[size];
    }

    @Override
    public void step(double[] param, double[] grad) {
        t++;
        beta1Power *= beta1;
        beta2Power *= beta2;
        double c1 = 1.0 / (1.0 - beta1Power);
        double c2 = 1.0 / (1.0 - beta2Power);
        for (int i = 0; i < m.length; i++) {
            double g = grad[i];
            double mi = beta1 * m[i] + (1.0 - beta1) * g;
            double vi = beta2 * v[i] + (1.0 - beta2) * g * g;
            m[i] = mi;
            v[i] = vi;
            param[i] -= learningRate * (mi * c1 / (Math.sqrt(vi * c2) + epsilon) + weightDecay * param[i]);
        }
    }

    /** Steps taken so far. */
    public long steps() {
        return t;
    }
}

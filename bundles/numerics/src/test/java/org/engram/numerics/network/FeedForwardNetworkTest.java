package org.engram.numerics.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.param.ParameterDescriptor;
import org.junit.jupiter.api.Test;

class FeedForwardNetworkTest {

    /** The simplest correct backend: only gemm with transB, as the network uses it. */
    static final class NaiveBackend implements ComputeBackend {
        @Override
        public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int ao, double[] b,
                int bo, double beta, double[] c, int co) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        double av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
                        double bv = transB ? b[bo + j * k + p] : b[bo + p * n + j];
                        s += av * bv;
                    }
                    c[co + i * n + j] = alpha * s + (beta == 0 ? 0 : beta * c[co + i * n + j]);
                }
            }
        }

        @Override
        public void gemv(boolean t, int m, int n, double alpha, double[] a, int ao, double[] x, int xo, double beta, double[] y, int yo) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void ger(int m, int n, double alpha, double[] x, int xo, double[] y, int yo, double[] a, int ao) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String implementation() {
            return "naive test";
        }

        @Override
        public String description() {
            return "naive";
        }

        @Override
        public List<ParameterDescriptor> parameters() {
            return List.of();
        }
    }

    /** What the test layers share: a size, a sample's steps, no VJP. */
    abstract static class TestUnits implements NeuronLayer {
        final int size;
        private final int steps;

        TestUnits(int size, int steps) {
            this.size = size;
            this.steps = steps;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int stepsPerSample() {
            return steps;
        }

        @Override
        public int readoutSteps() {
            return 1;
        }

        @Override
        public void vjp(int row, double[] g, int go, double[] gd, int gdo) {
            throw new UnsupportedOperationException();
        }
    }

    /** Squares its drive, so the test sees that the neuron layer is applied. */
    static final class Square extends TestUnits {

        Square(int size) {
            super(size, 1);
        }

        @Override
        public void forward(double[] drive, double[] out, int rows) {
            for (int i = 0; i < rows * size; i++) {
                out[i] = drive[i] * drive[i];
            }
        }

        @Override
        public void reset() {
        }
    }

    /** A stateful unit, {@code s ← 0.9 s + h, z = tanh(s)}: what a held step must carry on exactly as a full one. */
    static final class Integrating extends TestUnits {
        private double[] state = new double[0];
        private int rows;
        /** The drive arrays it was handed, in order: a held step must hand the same drive again. */
        final java.util.List<double[]> drives = new java.util.ArrayList<>();

        Integrating(int size) {
            super(size, 5);
        }

        @Override
        public void forward(double[] drive, double[] out, int rows) {
            if (rows != this.rows) {
                state = new double[rows * size];
                this.rows = rows;
            }
            drives.add(java.util.Arrays.copyOf(drive, rows * size));
            for (int i = 0; i < rows * size; i++) {
                state[i] = 0.9 * state[i] + drive[i];
                out[i] = Math.tanh(state[i]);
            }
        }

        @Override
        public void reset() {
            rows = 0;
        }
    }

    private static FeedForwardNetwork integrating() {
        return new FeedForwardNetwork(4, new NeuronLayer[] {new Integrating(3), new Integrating(2)}, new NaiveBackend(),
                new SplittableRandom(7));
    }

    @Test
    void aHeldStepGivesBitForBitWhatAFullForwardGives() {
        double[] x = {0.3, -1.2, 0.8, 0.05, -0.4, 0.9, 1.1, -0.7};
        FeedForwardNetwork full = integrating();
        FeedForwardNetwork held = integrating();
        for (int t = 0; t < 5; t++) {
            full.forward(x, 2);
            if (t == 0) {
                held.forward(x, 2);
            } else {
                held.forwardHeld(x, 2);
            }
            for (int l = 0; l < 2; l++) {
                assertArrayEquals(full.layer(l).activity(), held.layer(l).activity(), 0.0, "layer " + l + " at step " + t);
                assertArrayEquals(full.layer(l).drive(), held.layer(l).drive(), 0.0, "layer " + l + " drive at step " + t);
            }
        }
        assertEquals(5, ((Integrating) held.layer(0).neurons()).drives.size(), "layer 0's neurons step every time");
    }

    @Test
    void aHeldStepOnAnotherArrayOrRowCountIsAFullForward() {
        double[] x = {0.3, -1.2, 0.8, 0.05, -0.4, 0.9, 1.1, -0.7};
        FeedForwardNetwork full = integrating();
        FeedForwardNetwork held = integrating();
        full.forward(x, 2);
        held.forward(x, 2);
        double[] other = {1.0, 0.0, -1.0, 0.5};
        full.forward(other, 1);
        held.forwardHeld(other, 1); // another array, another row count: recomputed, not reused
        assertArrayEquals(full.output(), held.output(), 0.0);
        double[] copy = other.clone();
        full.forward(copy, 1);
        held.forwardHeld(copy, 1); // same contents, another array: recomputed too
        assertArrayEquals(full.output(), held.output(), 0.0);
    }

    @Test
    void forwardComputesNeuronsOfAffineDrivePerLayer() {
        FeedForwardNetwork net = new FeedForwardNetwork(3, new NeuronLayer[] {new Square(2), new Square(1)}, new NaiveBackend(),
                new SplittableRandom(1));
        var l0 = net.layer(0);
        var l1 = net.layer(1);
        System.arraycopy(new double[] {1, 2, 3, -1, 0, 1}, 0, l0.weights(), 0, 6);
        l0.bias()[0] = 0.5;
        l0.bias()[1] = -1;
        l1.weights()[0] = 2;
        l1.weights()[1] = -1;
        l1.bias()[0] = 0.25;
        double[] x = {1, 0, -1, 2, 1, 1};
        net.forward(x, 2);
        for (int r = 0; r < 2; r++) {
            double h0 = 1 * x[3 * r] + 2 * x[3 * r + 1] + 3 * x[3 * r + 2] + 0.5;
            double h1 = -1 * x[3 * r] + 0 * x[3 * r + 1] + 1 * x[3 * r + 2] - 1;
            double z = Math.pow(2 * h0 * h0 - h1 * h1 + 0.25, 2);
            assertEquals(z, net.output()[r], 1e-12);
            assertEquals(h0 * h0, l0.activity()[2 * r], 1e-12);
        }
        assertEquals(2, net.rows());
        assertEquals(1, net.outputSize());
        assertEquals(6 + 2 + 2 + 1, net.parameterCount());
    }

    @Test
    void lecunNormalHasVarianceOneOverFanIn() {
        double[] w = new double[200_000];
        Initializers.lecunNormal(w, 50, new SplittableRandom(7));
        double mean = 0;
        double sq = 0;
        double max = 0;
        for (double v : w) {
            mean += v;
            sq += v * v;
            max = Math.max(max, Math.abs(v));
        }
        mean /= w.length;
        double var = sq / w.length - mean * mean;
        assertEquals(0.0, mean, 3e-3 / Math.sqrt(50));
        assertEquals(1.0 / 50, var, 0.02 / 50);
        // truncated at two standard deviations of the underlying (rescaled) normal
        assertEquals(true, max <= 2.0 * Math.sqrt(1.0 / 50) / 0.87962566103423978 + 1e-12);
    }
}

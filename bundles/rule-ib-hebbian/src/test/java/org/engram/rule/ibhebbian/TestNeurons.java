package org.engram.rule.ibhebbian;

import org.engram.api.neuron.NeuronLayer;

/** Small private neuron layers for the tests, so they depend on no neuron plugin. */
final class TestNeurons {
    private TestNeurons() {
    }

    /**
     * ReLU then LayerNorm without scale or bias, ε = 1e-6 (spec §1.2a); VJP per spec §2.6. Declares
     * {@code steps} time steps per sample but keeps no state, so every step repeats the same map.
     */
    static final class ReluLayerNorm implements NeuronLayer {
        private static final double EPS = 1e-6;
        private final int size;
        private final int steps;
        private double[] drive = new double[0];
        private double[] out = new double[0];
        private double[] scale = new double[0];

        ReluLayerNorm(int size) {
            this(size, 1);
        }

        ReluLayerNorm(int size, int steps) {
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
        public void forward(double[] h, double[] z, int rows) {
            if (drive.length < rows * size) {
                drive = new double[rows * size];
                out = new double[rows * size];
                scale = new double[rows];
            }
            for (int r = 0; r < rows; r++) {
                int o = r * size;
                double mean = 0;
                for (int i = 0; i < size; i++) {
                    drive[o + i] = h[o + i];
                    mean += Math.max(0.0, h[o + i]);
                }
                mean /= size;
                double var = 0;
                for (int i = 0; i < size; i++) {
                    double c = Math.max(0.0, h[o + i]) - mean;
                    var += c * c;
                }
                double s = Math.sqrt(var / size + EPS);
                scale[r] = s;
                for (int i = 0; i < size; i++) {
                    z[o + i] = (Math.max(0.0, h[o + i]) - mean) / s;
                    out[o + i] = z[o + i];
                }
            }
        }

        @Override
        public void vjp(int row, double[] g, int go, double[] gd, int gdo) {
            int o = row * size;
            double meanG = 0;
            double meanGz = 0;
            for (int i = 0; i < size; i++) {
                meanG += g[go + i];
                meanGz += g[go + i] * out[o + i];
            }
            meanG /= size;
            meanGz /= size;
            for (int i = 0; i < size; i++) {
                double ga = (g[go + i] - meanG - out[o + i] * meanGz) / scale[row];
                gd[gdo + i] = drive[o + i] > 0 ? ga : 0.0;
            }
        }

        @Override
        public void reset() {
        }
    }

    /** z = h: the Frontiers output layer (logits). */
    static final class Identity implements NeuronLayer {
        private final int size;
        private final int steps;
        private final int readoutSteps;

        Identity(int size) {
            this(size, 1);
        }

        Identity(int size, int steps) {
            this(size, steps, 1);
        }

        Identity(int size, int steps, int readoutSteps) {
            this.size = size;
            this.steps = steps;
            this.readoutSteps = readoutSteps;
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
            return readoutSteps;
        }

        @Override
        public void forward(double[] h, double[] z, int rows) {
            System.arraycopy(h, 0, z, 0, rows * size);
        }

        @Override
        public void vjp(int row, double[] g, int go, double[] gd, int gdo) {
            System.arraycopy(g, go, gd, gdo, size);
        }

        @Override
        public void reset() {
        }
    }
}

package org.engram.rule.backprop;

import org.engram.api.neuron.NeuronLayer;

/** Small stateless neuron layers for the tests: smooth, so finite differences are exact to O(h²). */
final class TestNeurons {

    private TestNeurons() {
    }

    /** z = tanh(h); vjp multiplies by 1 − z². */
    static final class Tanh implements NeuronLayer {
        private final int size;
        private double[] lastOut;

        Tanh(int size) {
            this.size = size;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int stepsPerSample() {
            return 1;
        }

        @Override
        public int readoutSteps() {
            return 1;
        }

        @Override
        public void forward(double[] drive, double[] out, int rows) {
            for (int i = 0; i < rows * size; i++) {
                out[i] = Math.tanh(drive[i]);
            }
            lastOut = out;
        }

        @Override
        public void vjp(int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset) {
            for (int i = 0; i < size; i++) {
                double z = lastOut[row * size + i];
                gradDrive[gradDriveOffset + i] = gradOut[gradOutOffset + i] * (1.0 - z * z);
            }
        }

        @Override
        public void reset() {
        }
    }

    /** z = h: the logit layer. */
    static final class Linear implements NeuronLayer {
        private final int size;

        Linear(int size) {
            this.size = size;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int stepsPerSample() {
            return 1;
        }

        @Override
        public int readoutSteps() {
            return 1;
        }

        @Override
        public void forward(double[] drive, double[] out, int rows) {
            System.arraycopy(drive, 0, out, 0, rows * size);
        }

        @Override
        public void vjp(int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset) {
            System.arraycopy(gradOut, gradOutOffset, gradDrive, gradDriveOffset, size);
        }

        @Override
        public void reset() {
        }
    }
}

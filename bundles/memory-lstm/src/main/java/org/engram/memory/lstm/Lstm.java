package org.engram.memory.lstm;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.engram.api.compute.ComputeBackend;
import org.engram.numerics.state.StateIo;

/**
 * A single-layer LSTM with a linear readout, trained online by truncated back-propagation through time.
 * Each {@link #step} takes one input s and emits y; {@link #gradient} then back-propagates the current
 * step's loss ½‖y − target‖² through the last {@code truncation} steps (the state before them is taken as
 * constant), using the activations stored when those steps ran. Gate order [i, f, g, o]:
 *
 * <pre>
 *   [i f g o] = [σ σ tanh σ](W [s; h_prev] + b),  c = f⊙c_prev + i⊙g,  h = o⊙tanh(c),  y = W_y h + b_y
 * </pre>
 *
 * All parameters live in one array {@link #parameters()}, laid out [W (4H × (m+H)) | b (4H) | W_y (d × H) |
 * b_y (d)], so one optimizer serves them. Nothing is allocated after construction.
 */
final class Lstm {
    private final ComputeBackend backend;
    private final int inputs;
    private final int hidden;
    private final int outputs;
    private final int truncation;
    /** Columns of W: the input followed by the previous hidden state. */
    private final int columns;
    private final int gates;
    private final int biasOffset;
    private final int readoutOffset;
    private final int readoutBiasOffset;
    private final double[] parameters;
    private final double[] gradient;
    /** Ring of the last {@code truncation} steps: [s; h_prev], the activated gates, c_prev and tanh(c). */
    private final double[][] stepInput;
    private final double[][] activations;
    private final double[][] previousCell;
    private final double[][] cellTanh;
    private final double[] h;
    private final double[] c;
    private final double[] y;
    private final double[] preactivation;
    private final double[] dh;
    private final double[] dc;
    /** [truncation][gates] ∂loss/∂z of each stored step, back from the newest, for the one pass over ∂W. */
    private final double[][] dz;
    /** The stored steps' inputs [s; h_prev] in the order of {@link #dz}. */
    private final double[][] backInput;
    /**
     * [parts][columns] one row of ∂W as it is summed, then copied into {@link #gradient}: C2 (JDK 17) vectorises the
     * sum only when its arrays share one index, which the gradient at offset j·columns does not. One row buffer per
     * part of {@link #weightGradient}, which the backend's threads may run at once.
     */
    private final double[][] rowGradients;
    /** {@link #weightGradientRows} for part p of {@link #rowGradients}'s length, made once (no allocation per call). */
    private final IntConsumer weightGradientPart;
    /**
     * [gates][hidden] a copy of W's recurrent columns W_h, a row per gate, taken once per {@link #gradient}: the
     * back-propagation dh_prev = W_hᵀ dz then sums with every array on one index, which C2 vectorises, and
     * W_h at its offset in {@link #parameters} is not.
     */
    private final double[][] recurrentRows;
    /** [hidden] one row of W_y, copied for the same reason. */
    private final double[] readoutRow;
    /** [gates] ∂b as it is summed over the stored steps, then copied into {@link #gradient}, likewise. */
    private final double[] biasGradient;
    private int newest = -1;
    private int filled;

    /**
     * Draws W ~ U(±1/√(m+H)), W_y ~ U(±1/√H); biases 0 except the forget gate's, 1 (so the cell keeps its
     * content at the start, the usual choice).
     */
    Lstm(int inputs, int hidden, int outputs, int truncation, ComputeBackend backend, SplittableRandom random) {
        if (truncation < 1) {
            throw new IllegalArgumentException("truncation must be at least 1 step, got " + truncation);
        }
        this.backend = backend;
        this.inputs = inputs;
        this.hidden = hidden;
        this.outputs = outputs;
        this.truncation = truncation;
        this.columns = inputs + hidden;
        this.gates = 4 * hidden;
        this.biasOffset = gates * columns;
        this.readoutOffset = biasOffset + gates;
        this.readoutBiasOffset = readoutOffset + outputs * hidden;
        this.parameters = new double[readoutBiasOffset + outputs];
        this.gradient = new double[parameters.length];
        double scale = 1.0 / Math.sqrt(columns);
        for (int i = 0; i < biasOffset; i++) {
            parameters[i] = random.nextDouble(-scale, scale);
        }
        for (int u = 0; u < hidden; u++) {
            parameters[biasOffset + hidden + u] = 1.0;
        }
        double readoutScale = 1.0 / Math.sqrt(hidden);
        for (int i = readoutOffset; i < readoutBiasOffset; i++) {
            parameters[i] = random.nextDouble(-readoutScale, readoutScale);
        }
        this.stepInput = new double[truncation][columns];
        this.activations = new double[truncation][gates];
        this.previousCell = new double[truncation][hidden];
        this.cellTanh = new double[truncation][hidden];
        this.h = new double[hidden];
        this.c = new double[hidden];
        this.y = new double[outputs];
        this.preactivation = new double[gates];
        this.dh = new double[hidden];
        this.dc = new double[hidden];
        this.dz = new double[truncation][gates];
        this.backInput = new double[truncation][];
        this.rowGradients = new double[Math.max(1, Math.min(backend.threads(), gates))][columns];
        this.weightGradientPart = part -> weightGradientRows(part * gates / rowGradients.length,
                (part + 1) * gates / rowGradients.length, rowGradients[part]);
        this.recurrentRows = new double[gates][hidden];
        this.readoutRow = new double[hidden];
        this.biasGradient = new double[gates];
    }

    /** One step on input s [inputs]; the output is then {@link #output()}. */
    void step(double[] s) {
        newest = (newest + 1) % truncation;
        filled = Math.min(filled + 1, truncation);
        double[] x = stepInput[newest];
        System.arraycopy(s, 0, x, 0, inputs);
        System.arraycopy(h, 0, x, inputs, hidden);
        backend.gemv(false, gates, columns, 1.0, parameters, 0, x, 0, 0.0, preactivation, 0);
        double[] a = activations[newest];
        double[] cPrev = previousCell[newest];
        double[] tc = cellTanh[newest];
        for (int u = 0; u < hidden; u++) {
            double i = sigmoid(preactivation[u] + parameters[biasOffset + u]);
            double f = sigmoid(preactivation[hidden + u] + parameters[biasOffset + hidden + u]);
            double g = Math.tanh(preactivation[2 * hidden + u] + parameters[biasOffset + 2 * hidden + u]);
            double o = sigmoid(preactivation[3 * hidden + u] + parameters[biasOffset + 3 * hidden + u]);
            a[u] = i;
            a[hidden + u] = f;
            a[2 * hidden + u] = g;
            a[3 * hidden + u] = o;
            cPrev[u] = c[u];
            c[u] = f * c[u] + i * g;
            tc[u] = Math.tanh(c[u]);
            h[u] = o * tc[u];
        }
        readout();
    }

    /**
     * y = W_y h + b_y, each y[k] summed from b_y[k] in the order of u. Four outputs at a time: one output's sum is
     * a chain of dependent additions, four independent chains keep the adder busy (the sums are the same).
     */
    private void readout() {
        int k = 0;
        for (; k + 3 < outputs; k += 4) {
            int row0 = readoutOffset + k * hidden;
            int row1 = row0 + hidden;
            int row2 = row1 + hidden;
            int row3 = row2 + hidden;
            double sum0 = parameters[readoutBiasOffset + k];
            double sum1 = parameters[readoutBiasOffset + k + 1];
            double sum2 = parameters[readoutBiasOffset + k + 2];
            double sum3 = parameters[readoutBiasOffset + k + 3];
            for (int u = 0; u < hidden; u++) {
                double hu = h[u];
                sum0 += parameters[row0 + u] * hu;
                sum1 += parameters[row1 + u] * hu;
                sum2 += parameters[row2 + u] * hu;
                sum3 += parameters[row3 + u] * hu;
            }
            y[k] = sum0;
            y[k + 1] = sum1;
            y[k + 2] = sum2;
            y[k + 3] = sum3;
        }
        for (; k < outputs; k++) {
            double sum = parameters[readoutBiasOffset + k];
            int row = readoutOffset + k * hidden;
            for (int u = 0; u < hidden; u++) {
                sum += parameters[row + u] * h[u];
            }
            y[k] = sum;
        }
    }

    private static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    /**
     * Fills {@link #gradientArray()} with ∂(½‖y − target‖²)/∂θ of the last step, back-propagated through the
     * stored steps.
     *
     * @param dy [outputs] ∂loss/∂y = y − target
     */
    void gradient(double[] dy) {
        // ∂W is written whole by weightGradient, ∂W_y and ∂b_y below, ∂b summed from 0 in biasGradient
        Arrays.fill(biasGradient, 0.0);
        Arrays.fill(dh, 0.0);
        Arrays.fill(dc, 0.0);
        // W_y's row and its gradient pass through row-sized copies, where every array shares the loop's index (see rowGradients)
        double[] rowGradient = rowGradients[0];
        for (int k = 0; k < outputs; k++) {
            double d = dy[k];
            int row = readoutOffset + k * hidden;
            gradient[readoutBiasOffset + k] = d;
            System.arraycopy(parameters, row, readoutRow, 0, hidden);
            for (int u = 0; u < hidden; u++) {
                rowGradient[u] = d * h[u];
                dh[u] += readoutRow[u] * d;
            }
            System.arraycopy(rowGradient, 0, gradient, row, hidden);
        }
        if (filled > 1) {
            for (int j = 0; j < gates; j++) {
                System.arraycopy(parameters, j * columns + inputs, recurrentRows[j], 0, hidden);
            }
        }
        for (int back = 0; back < filled; back++) {
            int slot = Math.floorMod(newest - back, truncation);
            double[] a = activations[slot];
            double[] cPrev = previousCell[slot];
            double[] tc = cellTanh[slot];
            double[] dzBack = dz[back];
            backInput[back] = stepInput[slot];
            for (int u = 0; u < hidden; u++) {
                double i = a[u];
                double f = a[hidden + u];
                double g = a[2 * hidden + u];
                double o = a[3 * hidden + u];
                double cell = dc[u] + dh[u] * o * (1.0 - tc[u] * tc[u]);
                dzBack[u] = cell * g * i * (1.0 - i);
                dzBack[hidden + u] = cell * cPrev[u] * f * (1.0 - f);
                dzBack[2 * hidden + u] = cell * i * (1.0 - g * g);
                dzBack[3 * hidden + u] = dh[u] * tc[u] * o * (1.0 - o);
                dc[u] = cell * f;
            }
            for (int j = 0; j < gates; j++) {
                biasGradient[j] += dzBack[j];
            }
            if (back + 1 < filled) {
                // dh_prev = W_hᵀ dz, the recurrent columns of W
                Arrays.fill(dh, 0.0);
                for (int j = 0; j < gates; j++) {
                    double d = dzBack[j];
                    double[] w = recurrentRows[j];
                    for (int u = 0; u < hidden; u++) {
                        dh[u] += w[u] * d;
                    }
                }
            }
        }
        System.arraycopy(biasGradient, 0, gradient, biasOffset, gates);
        weightGradient();
    }

    /**
     * ∂W = Σ_back dz_back ⊗ [s; h_prev]_back, one pass over ∂W: each entry sums its terms from 0 in back order,
     * as rank-one updates of the zeroed gradient, one per stored step, would (the bits are theirs), but is written
     * once instead of once per step. Four steps a pass over a row keep the entry in a register between them. The
     * rows are cut into one block per thread of the backend; each row is summed as on one thread, so the bits do not
     * depend on the threads.
     */
    private void weightGradient() {
        if (rowGradients.length == 1) {
            weightGradientRows(0, gates, rowGradients[0]);
        } else {
            backend.inParallel(rowGradients.length, weightGradientPart);
        }
    }

    /** {@link #weightGradient} for the rows of W {@code [from, to)}, summing each in {@code grad}. */
    private void weightGradientRows(int from, int to, double[] grad) {
        double[][] x = backInput;
        int n = columns;
        for (int j = from; j < to; j++) {
            int back = 0;
            if (filled >= 4) {
                // the first four steps start each entry from 0, as the zeroed gradient did (0 + a product, not the product: −0 becomes +0)
                double d0 = dz[0][j];
                double d1 = dz[1][j];
                double d2 = dz[2][j];
                double d3 = dz[3][j];
                double[] x0 = x[0];
                double[] x1 = x[1];
                double[] x2 = x[2];
                double[] x3 = x[3];
                for (int c = 0; c < n; c++) {
                    grad[c] = 0.0 + d0 * x0[c] + d1 * x1[c] + d2 * x2[c] + d3 * x3[c];
                }
                back = 4;
            } else {
                Arrays.fill(grad, 0.0);
            }
            for (; back + 3 < filled; back += 4) {
                double d0 = dz[back][j];
                double d1 = dz[back + 1][j];
                double d2 = dz[back + 2][j];
                double d3 = dz[back + 3][j];
                double[] x0 = x[back];
                double[] x1 = x[back + 1];
                double[] x2 = x[back + 2];
                double[] x3 = x[back + 3];
                for (int c = 0; c < n; c++) {
                    grad[c] = grad[c] + d0 * x0[c] + d1 * x1[c] + d2 * x2[c] + d3 * x3[c];
                }
            }
            for (; back < filled; back++) {
                double d0 = dz[back][j];
                double[] x0 = x[back];
                for (int c = 0; c < n; c++) {
                    grad[c] += d0 * x0[c];
                }
            }
            System.arraycopy(grad, 0, gradient, j * n, n);
        }
    }

    /**
     * The parameters, the state (h, c) and the ring of stored steps that the next gradients back-propagate
     * through: a trial's memory is never reset, so all of it carries across epochs.
     */
    void writeState(DataOutput out) throws IOException {
        out.writeInt(inputs);
        out.writeInt(hidden);
        out.writeInt(outputs);
        out.writeInt(truncation);
        StateIo.writeDoubles(out, parameters);
        StateIo.writeDoubles(out, h);
        StateIo.writeDoubles(out, c);
        out.writeInt(newest);
        out.writeInt(filled);
        for (int slot = 0; slot < truncation; slot++) {
            StateIo.writeDoubles(out, stepInput[slot]);
            StateIo.writeDoubles(out, activations[slot]);
            StateIo.writeDoubles(out, previousCell[slot]);
            StateIo.writeDoubles(out, cellTanh[slot]);
        }
    }

    /** Restores what {@link #writeState} wrote, into an LSTM of the same shape. */
    void readState(DataInput in) throws IOException {
        int[] shape = {in.readInt(), in.readInt(), in.readInt(), in.readInt()};
        if (shape[0] != inputs || shape[1] != hidden || shape[2] != outputs || shape[3] != truncation) {
            throw new IOException("the state is of an LSTM of " + shape[0] + " inputs, " + shape[1] + " cells, " + shape[2]
                    + " outputs and " + shape[3] + " BPTT steps, this one has " + inputs + ", " + hidden + ", " + outputs
                    + " and " + truncation);
        }
        StateIo.readDoubles(in, parameters, "the LSTM parameters");
        StateIo.readDoubles(in, h, "the hidden state h");
        StateIo.readDoubles(in, c, "the cell state c");
        newest = in.readInt();
        filled = in.readInt();
        if (newest < -1 || newest >= truncation || filled < 0 || filled > truncation) {
            throw new IOException("stored-step ring position " + newest + " with " + filled + " steps, of " + truncation);
        }
        for (int slot = 0; slot < truncation; slot++) {
            StateIo.readDoubles(in, stepInput[slot], "stored step inputs");
            StateIo.readDoubles(in, activations[slot], "stored gate activations");
            StateIo.readDoubles(in, previousCell[slot], "stored previous cell states");
            StateIo.readDoubles(in, cellTanh[slot], "stored tanh(c)");
        }
    }

    /** Forgets the state and the stored steps (for tests; a trial's memory is never reset). */
    void reset() {
        Arrays.fill(h, 0.0);
        Arrays.fill(c, 0.0);
        newest = -1;
        filled = 0;
    }

    /** [outputs] the last step's y, live. */
    double[] output() {
        return y;
    }

    /** All parameters, live. */
    double[] parameters() {
        return parameters;
    }

    /** The last {@link #gradient} result, live. */
    double[] gradientArray() {
        return gradient;
    }

    int inputs() {
        return inputs;
    }

    int hidden() {
        return hidden;
    }

    int outputs() {
        return outputs;
    }

    int truncation() {
        return truncation;
    }
}

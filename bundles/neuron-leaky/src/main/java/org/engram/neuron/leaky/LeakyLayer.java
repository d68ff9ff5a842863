package org.engram.neuron.leaky;

import org.engram.numerics.activation.ReluLayerNorm;
import java.util.Arrays;
import java.util.Objects;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.Unrollable;
import org.engram.numerics.network.StepRecording;

/**
 * Leaky-integrator units, one membrane {@code u} per row and unit, stepped by Euler:
 * {@code u' = u + (dt/τ)(h − u)}, {@code z = f(u')}, then {@code u ← u'}. The VJP differentiates
 * that one step with the carried {@code u} held constant: {@code ∂z/∂h = (dt/τ) J_f(u')}. Through time
 * ({@link Unrollable}) the cotangent on the membrane also flows back through the leak:
 * {@code ν_t = J_f(u_t)ᵀ gz_t + (1 − dt/τ) ν_{t+1}}, {@code gh_t = (dt/τ) ν_t}.
 */
final class LeakyLayer implements NeuronLayer, Unrollable {

    private final int size;
    private final double rate;
    private final LeakyActivation activation;
    private final double epsilon;
    private final int steps;
    private final int readoutSteps;

    /** Rows the carried state belongs to; 0 = fresh (no state yet, or just reset). */
    private int rows;
    private int capacityRows;
    /** [rows, size] the membrane; after a forward it is that step's {@code u'}, which the VJP needs. */
    private double[] membrane = new double[0];
    /** [rows, size] {@code LN(ReLU(u'))} of the last forward (only for RELU_LAYERNORM). */
    private double[] activity = new double[0];
    /** [rows] {@code 1/s} of each row's LayerNorm in the last forward. */
    private double[] invStd = new double[0];

    // The recording for the VJP through time.
    private final StepRecording recording = new StepRecording();
    /** [recorded steps, rows, size] each step's membrane u'. */
    private double[] recordedMembrane = new double[0];
    /** [recorded steps, rows, size] each step's LN(ReLU(u')) (only for RELU_LAYERNORM). */
    private double[] recordedActivity = new double[0];
    /** [recorded steps, rows] each step's 1/s (only for RELU_LAYERNORM). */
    private double[] recordedInvStd = new double[0];
    /** [rows, size] the cotangent on the membrane after the step the backward pass reached, from the later steps. */
    private double[] membraneAdjoint = new double[0];
    /** [size] J_fᵀ gz of one row. */
    private double[] scratch = new double[0];

    LeakyLayer(int size, double rate, LeakyActivation activation, double epsilon, int steps, int readoutSteps) {
        if (size < 1) {
            throw new IllegalArgumentException("a layer needs at least one unit, got " + size);
        }
        this.size = size;
        this.rate = rate;
        this.activation = activation;
        this.epsilon = epsilon;
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
    public void forward(double[] drive, double[] out, int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        int n = Math.multiplyExact(rows, size);
        Objects.checkFromIndexSize(0, n, drive.length);
        Objects.checkFromIndexSize(0, n, out.length);
        if (rows != this.rows) {
            startFresh(rows);
        }
        for (int i = 0; i < n; i++) {
            membrane[i] += rate * (drive[i] - membrane[i]);
        }
        if (activation == LeakyActivation.NONE) {
            System.arraycopy(membrane, 0, out, 0, n);
        } else {
            for (int r = 0; r < rows; r++) {
                int off = r * size;
                invStd[r] = ReluLayerNorm.forward(membrane, off, activity, off, size, epsilon);
                System.arraycopy(activity, off, out, off, size);
            }
        }
        int step = recording.nextForward(rows);
        if (step >= 0) {
            recordStep(step, rows, n);
        }
    }

    private void recordStep(int step, int rows, int n) {
        if (step == 0) {
            int capacity = recording.capacity();
            int needed = Math.multiplyExact(capacity, n);
            if (recordedMembrane.length < needed) {
                recordedMembrane = new double[needed];
                recordedActivity = activation == LeakyActivation.NONE ? recordedActivity : new double[needed];
                recordedInvStd = new double[capacity * rows];
            }
            if (membraneAdjoint.length < n) {
                membraneAdjoint = new double[n];
                scratch = new double[size];
            }
        }
        System.arraycopy(membrane, 0, recordedMembrane, step * n, n);
        if (activation == LeakyActivation.RELU_LAYERNORM) {
            System.arraycopy(activity, 0, recordedActivity, step * n, n);
            System.arraycopy(invStd, 0, recordedInvStd, step * rows, rows);
        }
    }

    @Override
    public void record(int steps) {
        recording.arm(steps);
    }

    @Override
    public int recordedSteps() {
        return recording.recorded();
    }

    @Override
    public void vjpThroughTime(int step, int row, double[] gradOut, int gradOutOffset, double[] gradDrive,
            int gradDriveOffset) {
        int off = row * size;
        if (recording.backward(step, row, size, gradOut, gradOutOffset, gradDrive, gradDriveOffset)) {
            Arrays.fill(membraneAdjoint, off, off + size, 0.0);
        }
        double[] local = gradOut;
        int localOffset = gradOutOffset;
        if (activation == LeakyActivation.RELU_LAYERNORM) {
            int rows = recording.rows();
            int rec = (step * rows + row) * size;
            ReluLayerNorm.vjp(recordedMembrane, rec, recordedActivity, rec, recordedInvStd[step * rows + row],
                    gradOut, gradOutOffset, scratch, 0, size);
            local = scratch;
            localOffset = 0;
        }
        double keep = 1.0 - rate;
        for (int i = 0; i < size; i++) {
            double nu = local[localOffset + i] + keep * membraneAdjoint[off + i];
            membraneAdjoint[off + i] = nu;
            gradDrive[gradDriveOffset + i] = rate * nu;
        }
    }

    /** A new row count: zero state for that many rows, growing the buffers only if they are too small. */
    private void startFresh(int rows) {
        if (rows > capacityRows) {
            membrane = new double[rows * size];
            activity = activation == LeakyActivation.NONE ? activity : new double[rows * size];
            invStd = new double[rows];
            capacityRows = rows;
        } else {
            Arrays.fill(membrane, 0, rows * size, 0.0);
        }
        this.rows = rows;
    }

    @Override
    public void vjp(int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset) {
        Objects.checkIndex(row, rows);
        Objects.checkFromIndexSize(gradOutOffset, size, gradOut.length);
        Objects.checkFromIndexSize(gradDriveOffset, size, gradDrive.length);
        if (activation == LeakyActivation.RELU_LAYERNORM) {
            int off = row * size;
            ReluLayerNorm.vjp(membrane, off, activity, off, invStd[row], gradOut, gradOutOffset, gradDrive, gradDriveOffset, size);
            for (int i = 0; i < size; i++) {
                gradDrive[gradDriveOffset + i] *= rate;
            }
        } else {
            for (int i = 0; i < size; i++) {
                gradDrive[gradDriveOffset + i] = rate * gradOut[gradOutOffset + i];
            }
        }
    }

    /** Zeroes every membrane; a VJP needs a forward first. Drops a recording. */
    @Override
    public void reset() {
        Arrays.fill(membrane, 0.0);
        rows = 0;
        recording.drop();
    }
}

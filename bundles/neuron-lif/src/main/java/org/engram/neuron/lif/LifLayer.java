package org.engram.neuron.lif;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.ObjDoubleConsumer;
import org.engram.api.neuron.ActivityMetrics;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.Unrollable;
import org.engram.numerics.network.StepRecording;

/**
 * Spiking leaky integrate-and-fire units, per row and unit (see {@link LifNeuron} for the model and
 * its surrogate VJP, one-step and through time). State: membrane {@code v}, refractory steps left, synaptic trace
 * {@code x}.
 */
final class LifLayer implements NeuronLayer, ActivityMetrics, Unrollable {

    /** Recorded per unit-step: what the backward pass through time needs besides the surrogate. */
    private static final byte QUIET = 0;
    private static final byte SPIKED = 1;
    private static final byte REFRACTORY = 2;

    static final String SPIKES_PER_UNIT = "spikes_per_unit";
    static final String SILENT_FRACTION = "silent_fraction";
    static final String SURROGATE_MEAN = "surrogate_mean";

    private final int size;
    private final double rate;       // dt / tau_m
    private final double resistance; // R
    private final double restPotential;
    private final double resetPotential;
    private final double threshold;
    private final int refractorySteps;
    private final double traceDecay; // exp(-dt / tau_s)
    private final double beta;
    private final LifReadout readout;
    private final int steps;
    private final int readoutSteps;
    /**
     * Only for the gradient check: the trace (and a SPIKES output) receives the smooth stand-in
     * {@code (v' − θ) / (1 + β |v' − θ|)}, whose derivative is the surrogate, instead of the 0/1 spike; reset and
     * refractory period still follow the hard spike. The surrogate VJP is then the exact derivative of the forward.
     */
    private final boolean smoothStandIn;

    /** Rows the carried state belongs to; 0 = fresh (no state yet, or just reset). */
    private int rows;
    private int capacityRows;
    private double[] membrane = new double[0];
    private int[] refractoryLeft = new int[0];
    private double[] trace = new double[0];
    /** [rows, size] the membrane after the last Euler step, before any reset (v_reset while refractory). */
    private double[] stepped = new double[0];
    /** [rows, size] the surrogate {@code ∂z/∂h} of the last forward: 0 where the unit was refractory. */
    private double[] surrogate = new double[0];

    // Activity metrics since the last report. A presentation is `steps` consecutive forwards of one row since its
    // fresh state; a unit is silent in it when it emits no spike.
    /** [rows] forwards of the row's current presentation so far. */
    private int[] presentationSteps = new int[0];
    /** [rows, size] spikes of each unit in its row's current presentation. */
    private int[] presentationSpikes = new int[0];
    private long spikeCount;
    private long unitSteps;
    private double surrogateSum;
    private long unitPresentations;
    private long silentUnitPresentations;

    // The recording for the VJP through time (see Unrollable).
    private final StepRecording recording = new StepRecording();
    /** [recorded steps, rows, size] the surrogate {@code ∂S/∂v'} at each step's stepped membrane (0 if refractory). */
    private double[] recordedSurrogate = new double[0];
    /** [recorded steps, rows, size] QUIET, SPIKED or REFRACTORY. */
    private byte[] recordedState = new byte[0];
    /** [rows, size] the cotangent on the membrane after the step the backward pass reached, from the later steps. */
    private double[] membraneAdjoint = new double[0];
    /** [rows, size] the cotangent on the trace after that step. */
    private double[] traceAdjoint = new double[0];

    LifLayer(int size, double rate, double resistance, double restPotential, double resetPotential, double threshold,
            int refractorySteps, double traceDecay, double beta, LifReadout readout, int steps, int readoutSteps,
            boolean smoothStandIn) {
        if (size < 1) {
            throw new IllegalArgumentException("a layer needs at least one unit, got " + size);
        }
        this.size = size;
        this.rate = rate;
        this.resistance = resistance;
        this.restPotential = restPotential;
        this.resetPotential = resetPotential;
        this.threshold = threshold;
        this.refractorySteps = refractorySteps;
        this.traceDecay = traceDecay;
        this.beta = beta;
        this.readout = readout;
        this.steps = steps;
        this.readoutSteps = readoutSteps;
        this.smoothStandIn = smoothStandIn;
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
        double stepGain = rate * resistance; // dv'/dh of one Euler step
        boolean spikesOut = readout == LifReadout.SPIKES;
        int recordOffset = recordStep(rows);
        for (int i = 0; i < n; i++) {
            double spike = 0.0;
            double emitted = 0.0;
            if (refractoryLeft[i] > 0) {
                // clamped at reset: the step does not depend on the drive
                refractoryLeft[i]--;
                membrane[i] = resetPotential;
                stepped[i] = resetPotential;
                surrogate[i] = 0.0;
                if (recordOffset >= 0) {
                    recordedSurrogate[recordOffset + i] = 0.0;
                    recordedState[recordOffset + i] = REFRACTORY;
                }
            } else {
                double v = membrane[i];
                double next = v + rate * (resistance * drive[i] - (v - restPotential));
                stepped[i] = next;
                double d = 1.0 + beta * Math.abs(next - threshold);
                surrogate[i] = stepGain / (d * d);
                if (next >= threshold) {
                    spike = 1.0;
                    membrane[i] = resetPotential;
                    refractoryLeft[i] = refractorySteps;
                } else {
                    membrane[i] = next;
                }
                emitted = smoothStandIn ? (next - threshold) / d : spike;
                if (recordOffset >= 0) {
                    recordedSurrogate[recordOffset + i] = 1.0 / (d * d);
                    recordedState[recordOffset + i] = spike != 0.0 ? SPIKED : QUIET;
                }
            }
            trace[i] = traceDecay * trace[i] + emitted;
            out[i] = spikesOut ? emitted : trace[i];
            surrogateSum += surrogate[i];
            if (spike != 0.0) {
                spikeCount++;
                presentationSpikes[i]++;
            }
        }
        unitSteps += n;
        countPresentations(rows);
    }

    /** Where this forward's record goes in the recording, or −1 when it is not recorded. */
    private int recordStep(int rows) {
        int step = recording.nextForward(rows);
        if (step < 0) {
            return -1;
        }
        int n = rows * size;
        if (step == 0) {
            int needed = Math.multiplyExact(recording.capacity(), n);
            if (recordedSurrogate.length < needed) {
                recordedSurrogate = new double[needed];
                recordedState = new byte[needed];
            }
            if (membraneAdjoint.length < n) {
                membraneAdjoint = new double[n];
                traceAdjoint = new double[n];
            }
        }
        return step * n;
    }

    @Override
    public void record(int steps) {
        recording.arm(steps);
    }

    @Override
    public int recordedSteps() {
        return recording.recorded();
    }

    /**
     * Per unit, with {@code λ} the cotangent on the membrane after step t and {@code μ} that on the trace, both
     * from the later steps (0 after the last): {@code μ ← gz + e^{−dt/τs} μ} (TRACE readout) and {@code gS = μ}
     * ({@code gS = gz} for SPIKES); on a refractory step the drive gets 0 and the membrane before the step 0 (it
     * was clamped); otherwise {@code gv' = σ'(v' − θ) gS + λ (1 − S)}, the drive gets {@code (dt/τm) R gv'} and
     * the membrane before the step {@code λ ← (1 − dt/τm) gv'}. The reset is detached, as in SpyTorch and snnTorch:
     * a spike sets the membrane to a constant, so its path to the future carries no gradient.
     */
    @Override
    public void vjpThroughTime(int step, int row, double[] gradOut, int gradOutOffset, double[] gradDrive,
            int gradDriveOffset) {
        int off = row * size;
        if (recording.backward(step, row, size, gradOut, gradOutOffset, gradDrive, gradDriveOffset)) {
            Arrays.fill(membraneAdjoint, off, off + size, 0.0);
            Arrays.fill(traceAdjoint, off, off + size, 0.0);
        }
        boolean traceOut = readout == LifReadout.TRACE;
        double stepGain = rate * resistance;
        double keep = 1.0 - rate;
        int rec = (step * recording.rows() + row) * size;
        for (int i = 0; i < size; i++) {
            int k = off + i;
            double gz = gradOut[gradOutOffset + i];
            double gSpike = gz;
            if (traceOut) {
                double mu = gz + traceDecay * traceAdjoint[k];
                traceAdjoint[k] = mu;
                gSpike = mu;
            }
            byte state = recordedState[rec + i];
            if (state == REFRACTORY) {
                gradDrive[gradDriveOffset + i] = 0.0;
                membraneAdjoint[k] = 0.0;
            } else {
                double gStepped = recordedSurrogate[rec + i] * gSpike + (state == SPIKED ? 0.0 : membraneAdjoint[k]);
                gradDrive[gradDriveOffset + i] = stepGain * gStepped;
                membraneAdjoint[k] = keep * gStepped;
            }
        }
    }

    /** Each row that completed a presentation with this step: its silent units, then a new presentation. */
    private void countPresentations(int rows) {
        for (int r = 0; r < rows; r++) {
            if (++presentationSteps[r] < steps) {
                continue;
            }
            int off = r * size;
            for (int i = off; i < off + size; i++) {
                if (presentationSpikes[i] == 0) {
                    silentUnitPresentations++;
                }
                presentationSpikes[i] = 0;
            }
            unitPresentations += size;
            presentationSteps[r] = 0;
        }
    }

    /**
     * Over the forwards since the last call: {@code spikes_per_unit}, spikes per unit per sample presentation
     * ({@code stepsPerSample} steps); {@code silent_fraction}, the fraction of (presentation, unit) pairs without a
     * spike, over completed presentations; {@code surrogate_mean}, the mean surrogate {@code ∂z/∂h} over unit-steps
     * (0 on refractory steps). Nothing is reported before the first forward.
     */
    @Override
    public void reportActivity(ObjDoubleConsumer<String> report) {
        if (unitSteps > 0) {
            report.accept(SPIKES_PER_UNIT, spikeCount * (double) steps / unitSteps);
            report.accept(SURROGATE_MEAN, surrogateSum / unitSteps);
        }
        if (unitPresentations > 0) {
            report.accept(SILENT_FRACTION, silentUnitPresentations / (double) unitPresentations);
        }
        spikeCount = 0;
        unitSteps = 0;
        surrogateSum = 0.0;
        unitPresentations = 0;
        silentUnitPresentations = 0;
    }

    /** A new row count: rest state for that many rows, growing the buffers only if they are too small. */
    private void startFresh(int rows) {
        int n = rows * size;
        if (rows > capacityRows) {
            membrane = new double[n];
            refractoryLeft = new int[n];
            trace = new double[n];
            stepped = new double[n];
            surrogate = new double[n];
            presentationSteps = new int[rows];
            presentationSpikes = new int[n];
            capacityRows = rows;
        } else {
            Arrays.fill(refractoryLeft, 0, n, 0);
            Arrays.fill(trace, 0, n, 0.0);
            // a presentation cut short by a reset is not counted
            Arrays.fill(presentationSteps, 0, rows, 0);
            Arrays.fill(presentationSpikes, 0, n, 0);
        }
        Arrays.fill(membrane, 0, n, restPotential);
        this.rows = rows;
    }

    @Override
    public void vjp(int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset) {
        Objects.checkIndex(row, rows);
        Objects.checkFromIndexSize(gradOutOffset, size, gradOut.length);
        Objects.checkFromIndexSize(gradDriveOffset, size, gradDrive.length);
        int off = row * size;
        // ∂x'/∂S = ∂S/∂S = 1, so TRACE and SPIKES share the same factor
        for (int i = 0; i < size; i++) {
            gradDrive[gradDriveOffset + i] = surrogate[off + i] * gradOut[gradOutOffset + i];
        }
    }

    /** Back to rest: membranes at v_rest, no refractory period, traces 0; a VJP needs a forward first. Drops a recording. */
    @Override
    public void reset() {
        rows = 0;
        recording.drop();
    }

    /** The membrane of {@code (row, unit)} right after the last Euler step, before a spike reset it. */
    double steppedMembrane(int row, int unit) {
        Objects.checkIndex(row, rows);
        return stepped[row * size + Objects.checkIndex(unit, size)];
    }
}

package org.engram.neuron.lif;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.ObjDoubleConsumer;
import org.engram.api.neuron.ActivityMetrics;
import org.engram.api.neuron.NeuronLayer;

/**
 * Spiking leaky integrate-and-fire units, per row and unit (see {@link LifNeuron} for the model and
 * its surrogate VJP). State: membrane {@code v}, refractory steps left, synaptic trace {@code x}.
 */
final class LifLayer implements NeuronLayer, ActivityMetrics {

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

    LifLayer(int size, double rate, double resistance, double restPotential, double resetPotential, double threshold,
            int refractorySteps, double traceDecay, double beta, LifReadout readout, int steps, int readoutSteps) {
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
        for (int i = 0; i < n; i++) {
            double spike = 0.0;
            if (refractoryLeft[i] > 0) {
                // clamped at reset: the step does not depend on the drive
                refractoryLeft[i]--;
                membrane[i] = resetPotential;
                stepped[i] = resetPotential;
                surrogate[i] = 0.0;
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
            }
            trace[i] = traceDecay * trace[i] + spike;
            out[i] = spikesOut ? spike : trace[i];
            surrogateSum += surrogate[i];
            if (spike != 0.0) {
                spikeCount++;
                presentationSpikes[i]++;
            }
        }
        unitSteps += n;
        countPresentations(rows);
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

    /** Back to rest: membranes at v_rest, no refractory period, traces 0; a VJP needs a forward first. */
    @Override
    public void reset() {
        rows = 0;
    }

    /** The membrane of {@code (row, unit)} right after the last Euler step, before a spike reset it. */
    double steppedMembrane(int row, int unit) {
        Objects.checkIndex(row, rows);
        return stepped[row * size + Objects.checkIndex(unit, size)];
    }
}

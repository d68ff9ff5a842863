package org.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.engram.api.Checkpointable;
import org.engram.api.Shape;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.neuron.Unrollable;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;

/**
 * The checks every {@link NeuronModel} must pass, whatever its dynamics. Extend it once per model
 * (and once more per configuration worth covering, by overriding {@link #parameters()}):
 *
 * <pre>
 * class ReluLayerNormContractTest extends NeuronLayerContract {
 *     protected NeuronModel model() { return new ReluLayerNormNeuron(); }
 * }
 * </pre>
 *
 * The reset and row-count checks compare a used layer with a fresh one from the same seed, so they
 * need behaviour that does not depend on how far the layer's generator has advanced: keep rate
 * noise off in {@link #parameters()} (test noise in the model's own tests).
 *
 * <p>{@link #assertVjpMatchesFiniteDifferences} is a helper for models whose VJP is the exact
 * one-step derivative (not a surrogate); call it from the model's own tests. A model whose layers are
 * {@link Unrollable} checks its VJP through time with {@link #assertVjpThroughTimeMatchesFiniteDifferences}, on its
 * own layers if they are smooth, or on a smooth stand-in whose exact derivative is the surrogate.
 */
public abstract class NeuronLayerContract {

    /** Seed of every generator the checks create. */
    protected static final long SEED = 0x5EEDL;

    /** Forward steps each check runs: enough for carried state, refractory periods and traces to matter. */
    protected static final int STEPS = 6;

    /**
     * Standard deviation of the drive a LeCun-normal dense layer gives on MNIST-scale input: 0.98 measured for the
     * 784→128 layer on MNIST scaled to [−1, 1] (neuron-lif's {@code LifMnistProbe}), 0.8–1.1 one layer up.
     */
    protected static final double LECUN_DRIVE_SD = 1.0;

    /** Units in the checks that take statistics over a layer's units. */
    protected static final int STATISTICS_UNITS = 200;

    /** The least fraction of units that must respond to LeCun-scale drive, and of unit-steps with a usable VJP. */
    protected static final double MIN_RESPONSIVE_FRACTION = 0.10;

    /** A VJP entry counts as usable when it is at least this fraction of the largest entry of the presentation. */
    protected static final double USABLE_VJP_FRACTION = 0.01;

    protected abstract NeuronModel model();

    /** The model's parameters for these checks; by default every parameter at its default. */
    protected Parameters parameters() {
        return Parameters.defaults(model().parameters());
    }

    /** Units per layer in the checks. */
    protected int layerSize() {
        return 6;
    }

    /**
     * The shape of the layer in the checks; by default {@link #layerSize()} flat units. Override it with a feature
     * map (channels × height × width), and {@link #layerSize()} with its size, to check a model that mixes units
     * per pixel, as LayerNorm over channels does on a conv layer.
     */
    protected Shape shape() {
        return Shape.flat(layerSize());
    }

    /** Rows per forward call in the checks. */
    protected int rows() {
        return 3;
    }

    /** Standard deviation of the random drives; the default drive is N(0, 1) per unit. */
    protected double driveScale() {
        return 1.0;
    }

    /** A fresh layer of {@link #layerSize()} units whose generator starts from {@code seed}. */
    protected final NeuronLayer newLayer(long seed) {
        return model().create(shape(), parameters(), new SplittableRandom(seed));
    }

    /** {@code steps} drives of {@code [rows, layerSize()]}, Gaussian with {@link #driveScale()}. */
    protected final double[][] randomDrives(int steps, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] drives = new double[steps][rows * layerSize()];
        for (double[] d : drives) {
            for (int i = 0; i < d.length; i++) {
                d[i] = driveScale() * gaussian(random);
            }
        }
        return drives;
    }

    /** Runs the drives in order on {@code layer}; returns a copy of each step's output. */
    protected final double[][] run(NeuronLayer layer, double[][] drives, int rows) {
        double[][] outs = new double[drives.length][];
        double[] out = new double[rows * layerSize()];
        for (int t = 0; t < drives.length; t++) {
            layer.forward(drives[t], out, rows);
            outs[t] = out.clone();
        }
        return outs;
    }

    /** The VJP of {@code row} of the layer's last forward, as a new array. */
    protected final double[] vjp(NeuronLayer layer, int row, double[] gradOut) {
        double[] gradDrive = new double[layer.size()];
        layer.vjp(row, gradOut, 0, gradDrive, 0);
        return gradDrive;
    }

    // ------------------------------------------------------------------------------------------
    // The checks

    @Test
    public void describesItselfAndEveryParameter() {
        NeuronModel model = model();
        assertFalse(model.description() == null || model.description().isBlank(), "description");
        for (ParameterDescriptor d : model.parameters()) {
            assertFalse(d.description().isBlank(), "parameter '" + d.name() + "' needs a description with its unit");
        }
        Parameters defaults = Parameters.defaults(model.parameters());
        assertEquals(model.parameters().size(), defaults.asMap().size(), "every parameter has a usable default");
    }

    @Test
    public void layerReportsItsSizeAndTiming() {
        NeuronLayer layer = newLayer(SEED);
        assertEquals(layerSize(), layer.size());
        assertTrue(layer.stepsPerSample() >= 1, "stepsPerSample >= 1");
        assertTrue(layer.readoutSteps() >= 1 && layer.readoutSteps() <= layer.stepsPerSample(),
                "1 <= readoutSteps <= stepsPerSample, got " + layer.readoutSteps() + " of " + layer.stepsPerSample());
    }

    @Test
    public void outputIsFiniteAndFillsExactlyTheGivenRows() {
        int rows = rows();
        int n = rows * layerSize();
        NeuronLayer layer = newLayer(SEED);
        double[][] drives = randomDrives(STEPS, rows, SEED + 1);
        // large drives too: saturation must not produce NaN or infinity
        for (int i = 0; i < n; i += 2) {
            drives[STEPS - 1][i] *= 1e3;
        }
        double[] out = new double[n + 5];
        for (double[] drive : drives) {
            Arrays.fill(out, Double.NaN);
            layer.forward(drive, out, rows);
            for (int i = 0; i < n; i++) {
                assertTrue(Double.isFinite(out[i]), "output " + i + " is " + out[i]);
            }
            for (int i = n; i < out.length; i++) {
                assertTrue(Double.isNaN(out[i]), "forward wrote past rows * size at " + i);
            }
        }
        for (int r = 0; r < rows; r++) {
            double[] g = vjp(layer, r, randomVector(layerSize(), SEED + 2 + r));
            for (double v : g) {
                assertTrue(Double.isFinite(v), "vjp of row " + r + " is not finite: " + Arrays.toString(g));
            }
        }
    }

    @Test
    public void rowsAreIndependent() {
        int rows = rows();
        int size = layerSize();
        double[][] drives = randomDrives(STEPS, rows, SEED + 3);
        for (int row = 0; row < rows; row++) {
            // the same drive on `row`, different drives everywhere else
            double[][] other = randomDrives(STEPS, rows, SEED + 4 + row);
            for (int t = 0; t < STEPS; t++) {
                System.arraycopy(drives[t], row * size, other[t], row * size, size);
            }
            NeuronLayer a = newLayer(SEED);
            NeuronLayer b = newLayer(SEED);
            double[][] outA = run(a, drives, rows);
            double[][] outB = run(b, other, rows);
            for (int t = 0; t < STEPS; t++) {
                assertArrayEquals(Arrays.copyOfRange(outA[t], row * size, (row + 1) * size),
                        Arrays.copyOfRange(outB[t], row * size, (row + 1) * size),
                        "row " + row + " at step " + t + " depends on the other rows");
            }
            double[] gradOut = randomVector(size, SEED + 5);
            assertArrayEquals(vjp(a, row, gradOut), vjp(b, row, gradOut), "vjp of row " + row + " depends on the other rows");
        }
    }

    @Test
    public void vjpIsLinearInGradOut() {
        int rows = rows();
        NeuronLayer layer = newLayer(SEED);
        run(layer, randomDrives(STEPS, rows, SEED + 6), rows);
        double alpha = 1.7;
        double beta = -0.45;
        for (int r = 0; r < rows; r++) {
            double[] g1 = randomVector(layerSize(), SEED + 7 + r);
            double[] g2 = randomVector(layerSize(), SEED + 17 + r);
            double[] mix = new double[layerSize()];
            for (int i = 0; i < mix.length; i++) {
                mix[i] = alpha * g1[i] + beta * g2[i];
            }
            double[] v1 = vjp(layer, r, g1);
            double[] v2 = vjp(layer, r, g2);
            double[] vMix = vjp(layer, r, mix);
            double scale = 1e-300;
            for (int i = 0; i < mix.length; i++) {
                scale = Math.max(scale, Math.abs(alpha * v1[i]) + Math.abs(beta * v2[i]));
            }
            for (int i = 0; i < mix.length; i++) {
                assertEquals(alpha * v1[i] + beta * v2[i], vMix[i], 1e-12 * scale, "row " + r + " unit " + i);
            }
        }
    }

    @Test
    public void vjpReadsAndWritesOnlyItsSliceAtTheOffsets() {
        int rows = rows();
        int size = layerSize();
        NeuronLayer layer = newLayer(SEED);
        run(layer, randomDrives(STEPS, rows, SEED + 8), rows);
        int row = rows - 1;
        double[] gradOut = randomVector(size, SEED + 9);
        double[] expected = vjp(layer, row, gradOut);

        int inOffset = 3;
        int outOffset = 5;
        double[] paddedIn = new double[inOffset + size + 4];
        Arrays.fill(paddedIn, Double.NaN); // any read outside the slice poisons the result
        System.arraycopy(gradOut, 0, paddedIn, inOffset, size);
        double[] paddedInCopy = paddedIn.clone();
        double[] paddedOut = new double[outOffset + size + 4];
        Arrays.fill(paddedOut, 42.0);
        layer.vjp(row, paddedIn, inOffset, paddedOut, outOffset);

        assertArrayEquals(expected, Arrays.copyOfRange(paddedOut, outOffset, outOffset + size));
        for (int i = 0; i < paddedOut.length; i++) {
            if (i < outOffset || i >= outOffset + size) {
                assertEquals(42.0, paddedOut[i], "vjp wrote outside its slice at " + i);
            }
        }
        assertArrayEquals(paddedInCopy, paddedIn, "vjp must not modify gradOut");
    }

    @Test
    public void sameSeedGivesTheSameBehaviour() {
        int rows = rows();
        double[][] drives = randomDrives(STEPS, rows, SEED + 10);
        NeuronLayer a = newLayer(SEED + 11);
        NeuronLayer b = newLayer(SEED + 11);
        double[][] outA = run(a, drives, rows);
        double[][] outB = run(b, drives, rows);
        for (int t = 0; t < STEPS; t++) {
            assertArrayEquals(outA[t], outB[t], "step " + t);
        }
        for (int r = 0; r < rows; r++) {
            double[] g = randomVector(layerSize(), SEED + 12 + r);
            assertArrayEquals(vjp(a, r, g), vjp(b, r, g), "vjp of row " + r);
        }
    }

    @Test
    public void resetRestoresTheInitialBehaviour() {
        int rows = rows();
        double[][] probe = randomDrives(STEPS, rows, SEED + 13);
        double[][] fresh = run(newLayer(SEED), probe, rows);

        NeuronLayer used = newLayer(SEED);
        double[][] history = randomDrives(STEPS, rows, SEED + 14);
        for (double[] d : history) {
            for (int i = 0; i < d.length; i++) {
                d[i] += 2.0 * driveScale(); // push any carried state well away from rest
            }
        }
        run(used, history, rows);
        used.reset();
        double[][] afterReset = run(used, probe, rows);
        for (int t = 0; t < STEPS; t++) {
            assertArrayEquals(fresh[t], afterReset[t], "step " + t + " after reset differs from a fresh layer");
        }
    }

    @Test
    public void changingTheRowCountStartsFromAFreshState() {
        int rows = rows();
        int fewer = rows - 1;
        double[][] probe = randomDrives(STEPS, fewer, SEED + 15);
        double[][] fresh = run(newLayer(SEED), probe, fewer);

        NeuronLayer used = newLayer(SEED);
        double[][] history = randomDrives(STEPS, rows, SEED + 16);
        for (double[] d : history) {
            for (int i = 0; i < d.length; i++) {
                d[i] += 2.0 * driveScale();
            }
        }
        run(used, history, rows);
        double[][] afterChange = run(used, probe, fewer);
        for (int t = 0; t < STEPS; t++) {
            assertArrayEquals(fresh[t], afterChange[t], "step " + t + " after a row-count change differs from a fresh layer");
        }
    }

    @Test
    public void callsDoNotAllocateOnceTheRowCountIsStable() {
        int rows = rows();
        int size = layerSize();
        NeuronLayer layer = newLayer(SEED);
        double[][] drives = randomDrives(4, rows, SEED + 18);
        double[] out = new double[rows * size];
        double[] gradOut = randomVector(size, SEED + 19);
        double[] gradDrive = new double[size];
        Allocations.assertNoAllocation("forward+vjp", 2_000, 5_000,
                i -> step(layer, drives[i & 3], out, rows, gradOut, gradDrive));
    }

    /**
     * With its parameters, a layer held at static drive of the size a LeCun-initialised layer gives on MNIST-scale
     * input (N(0, {@link #LECUN_DRIVE_SD}) per unit, one sample presented for its {@code stepsPerSample} steps) is
     * active, i.e. not silent, in at least {@link #MIN_RESPONSIVE_FRACTION} of its units during the readout steps.
     * A spiking model whose drive never reaches threshold fails here.
     */
    @Test
    public void respondsToDriveOfLeCunScale() {
        assertRespondsToDriveOfLeCunScale(model().create(STATISTICS_UNITS, parameters(), new SplittableRandom(SEED)));
    }

    /**
     * Under the same drive, the VJP with a cotangent of ones, taken after every step of the presentation, is at least
     * {@link #USABLE_VJP_FRACTION} of its largest value on at least {@link #MIN_RESPONSIVE_FRACTION} of the
     * unit-steps: a rule that multiplies its signal by it has something to learn from. A surrogate that is zero
     * almost everywhere (too steep, or evaluated where the membrane never is) fails here.
     */
    @Test
    public void vjpIsNotZeroAlmostEverywhereUnderDriveOfLeCunScale() {
        assertVjpNotZeroAlmostEverywhere(model().create(STATISTICS_UNITS, parameters(), new SplittableRandom(SEED)));
    }

    /** The check of {@link #respondsToDriveOfLeCunScale} on a given fresh layer (e.g. to show it fails on a silent one). */
    protected final void assertRespondsToDriveOfLeCunScale(NeuronLayer layer) {
        int size = layer.size();
        double[] drive = lecunScaleDrive(size);
        double[] out = new double[size];
        boolean[] active = new boolean[size];
        int steps = layer.stepsPerSample();
        int readoutFrom = steps - Math.max(1, Math.min(steps, layer.readoutSteps()));
        for (int t = 0; t < steps; t++) {
            layer.forward(drive, out, 1);
            for (int i = 0; t >= readoutFrom && i < size; i++) {
                active[i] |= out[i] != 0.0;
            }
        }
        int count = 0;
        for (boolean a : active) {
            count += a ? 1 : 0;
        }
        double fraction = count / (double) size;
        assertTrue(fraction >= MIN_RESPONSIVE_FRACTION, String.format(java.util.Locale.ROOT,
                "only %.1f%% of %d units are active in the readout steps at N(0, %.1f) drive held for %d steps: the model "
                        + "is silent for the drive a LeCun-initialised layer gives on MNIST-scale input (raise its gain, e.g. "
                        + "resistance, or lower its threshold)", 100 * fraction, size, LECUN_DRIVE_SD, steps));
    }

    /** The check of {@link #vjpIsNotZeroAlmostEverywhereUnderDriveOfLeCunScale} on a given fresh layer. */
    protected final void assertVjpNotZeroAlmostEverywhere(NeuronLayer layer) {
        int size = layer.size();
        int steps = layer.stepsPerSample();
        double[] drive = lecunScaleDrive(size);
        double[] out = new double[size];
        double[] ones = new double[size];
        Arrays.fill(ones, 1.0);
        double[][] vjps = new double[steps][];
        double largest = 0.0;
        for (int t = 0; t < steps; t++) {
            layer.forward(drive, out, 1);
            vjps[t] = vjp(layer, 0, ones);
            for (double g : vjps[t]) {
                largest = Math.max(largest, Math.abs(g));
            }
        }
        assertTrue(largest > 0.0, "the VJP is 0 on every unit and step of a presentation at N(0, " + LECUN_DRIVE_SD + ") drive");
        long usable = 0;
        for (double[] g : vjps) {
            for (double v : g) {
                usable += Math.abs(v) >= USABLE_VJP_FRACTION * largest ? 1 : 0;
            }
        }
        double fraction = usable / (double) (steps * size);
        assertTrue(fraction >= MIN_RESPONSIVE_FRACTION, String.format(java.util.Locale.ROOT,
                "the VJP is below %.0f%% of its largest value (%.3g) on %.1f%% of unit-steps at N(0, %.1f) drive: zero "
                        + "almost everywhere, so a rule's signal times it teaches almost nothing (widen the surrogate)",
                100 * USABLE_VJP_FRACTION, largest, 100 * (1 - fraction), LECUN_DRIVE_SD));
    }

    /** [size] N(0, {@link #LECUN_DRIVE_SD}) drive, the same for every call. */
    private static double[] lecunScaleDrive(int size) {
        double[] drive = randomVector(size, SEED + 30);
        for (int i = 0; i < size; i++) {
            drive[i] *= LECUN_DRIVE_SD;
        }
        return drive;
    }

    private static void step(NeuronLayer layer, double[] drive, double[] out, int rows, double[] gradOut, double[] gradDrive) {
        layer.forward(drive, out, rows);
        for (int r = 0; r < rows; r++) {
            layer.vjp(r, gradOut, 0, gradDrive, 0);
        }
    }

    /**
     * Applies when the layer implements {@link Checkpointable} (e.g. to reseed a noise generator). The engine
     * saves layers after an epoch's evaluation, which ends with {@link NeuronLayer#reset}, so carried state
     * (membranes) is not part of it. A used layer saved and reset, and a fresh layer of the same seed given
     * that state, must then behave the same, bit for bit.
     */
    @Test
    public void checkpointRoundTripIsBitIdentical() throws IOException {
        int rows = rows();
        NeuronLayer original = newLayer(SEED);
        if (!(original instanceof Checkpointable saved)) {
            return; // nothing beyond carried state: the engine needs nothing from it
        }
        run(original, randomDrives(STEPS, rows, SEED + 21), rows);
        byte[] state = Checkpoints.save(saved);
        original.reset();
        NeuronLayer resumed = newLayer(SEED);
        Checkpoints.restore(assertInstanceOf(Checkpointable.class, resumed), state, "the neuron layer");
        double[][] drives = randomDrives(STEPS, rows, SEED + 23);
        double[][] expected = run(original, drives, rows);
        double[][] actual = run(resumed, drives, rows);
        for (int t = 0; t < STEPS; t++) {
            assertArrayEquals(expected[t], actual[t], "step " + t + " after restoring the layer's state");
        }
    }

    /**
     * Applies when the layer is {@link Unrollable}. With nothing flowing back from later steps, the VJP through time at
     * the last recorded step equals the one-step {@link NeuronLayer#vjp} of that step, row by row; the backward pass
     * refuses a step out of order; {@link NeuronLayer#reset} drops the recording. Whether the earlier steps are right
     * is the model's own test ({@link #assertVjpThroughTimeMatchesFiniteDifferences}).
     */
    @Test
    public void vjpThroughTimeAtTheLastStepIsTheOneStepVjp() {
        int rows = rows();
        NeuronLayer layer = newLayer(SEED);
        if (!(layer instanceof Unrollable unrollable)) {
            return; // stateless: a rule uses the one-step VJP at every step
        }
        unrollable.record(STEPS);
        run(layer, randomDrives(STEPS, rows, SEED + 41), rows);
        assertEquals(STEPS, unrollable.recordedSteps(), "steps recorded after record(" + STEPS + ") and as many forwards");
        double[] gradDrive = new double[layerSize()];
        for (int r = 0; r < rows; r++) {
            double[] gradOut = randomVector(layerSize(), SEED + 42 + r);
            unrollable.vjpThroughTime(STEPS - 1, r, gradOut, 0, gradDrive, 0);
            assertArrayEquals(vjp(layer, r, gradOut), gradDrive, 1e-12, "row " + r + " at the last recorded step");
        }
        int row = 0;
        unrollable.vjpThroughTime(STEPS - 1, row, new double[layerSize()], 0, gradDrive, 0);
        assertThrows(IllegalStateException.class, () -> unrollable.vjpThroughTime(STEPS - 3, row, new double[layerSize()], 0,
                new double[layerSize()], 0), "skipping a step of the backward pass");
        layer.reset();
        assertEquals(0, unrollable.recordedSteps(), "steps recorded after reset()");
    }

    // ------------------------------------------------------------------------------------------
    // Helpers for the models' own tests

    /**
     * Asserts that the VJP after the last of {@code drives} equals a central-difference VJP, for every
     * row and a random cotangent, to relative error {@code tolerance} (Euclidean norm). Each perturbed
     * evaluation replays the earlier drives on a fresh layer from {@link #SEED}, so the carried state
     * before the last step is exactly the same and only that one step is differentiated (the
     * contract's one-step VJP). Not for spiking models, whose VJP is a surrogate.
     */
    protected final void assertVjpMatchesFiniteDifferences(double[][] drives, int rows, double step, double tolerance) {
        NeuronLayer layer = newLayer(SEED);
        run(layer, drives, rows);
        for (int r = 0; r < rows; r++) {
            double[] gradOut = randomVector(layerSize(), SEED + 20 + r);
            double[] analytic = vjp(layer, r, gradOut);
            double[] numeric = finiteDifferenceVjp(drives, rows, r, gradOut, step);
            double err = 0;
            double norm = 0;
            for (int i = 0; i < analytic.length; i++) {
                err += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
                norm += numeric[i] * numeric[i];
            }
            double rel = Math.sqrt(err) / Math.max(Math.sqrt(norm), 1e-300);
            assertTrue(rel <= tolerance, "row " + r + ": relative error " + rel + "\n analytic " + Arrays.toString(analytic)
                    + "\n numeric  " + Arrays.toString(numeric));
        }
    }

    /**
     * Central-difference {@code (∂z_row/∂h_row)ᵀ gradOut} of the last of {@code drives}, replaying the
     * earlier drives on a fresh layer from {@link #SEED} for every perturbed evaluation.
     */
    protected final double[] finiteDifferenceVjp(double[][] drives, int rows, int row, double[] gradOut, double step) {
        int size = layerSize();
        double[] result = new double[size];
        double[] out = new double[rows * size];
        for (int j = 0; j < size; j++) {
            double plus = perturbedDot(drives, rows, row, j, +step, gradOut, out);
            double minus = perturbedDot(drives, rows, row, j, -step, gradOut, out);
            result[j] = (plus - minus) / (2 * step);
        }
        return result;
    }

    private double perturbedDot(double[][] drives, int rows, int row, int unit, double delta, double[] gradOut, double[] out) {
        NeuronLayer layer = newLayer(SEED);
        int last = drives.length - 1;
        for (int t = 0; t < last; t++) {
            layer.forward(drives[t], out, rows);
        }
        double[] drive = drives[last].clone();
        drive[row * layerSize() + unit] += delta;
        layer.forward(drive, out, rows);
        double dot = 0;
        for (int i = 0; i < layerSize(); i++) {
            dot += gradOut[i] * out[row * layerSize() + i];
        }
        return dot;
    }

    /**
     * Asserts that the VJP through time of a presentation ({@link Unrollable}) equals central differences: with
     * random cotangents {@code g_t} on every step's activity, the objective {@code J = Σ_t Σ_row g_t · z_t}, and
     * {@code ∂J/∂h_t} for every step, row and unit to relative error {@code tolerance} (Euclidean norm over all of
     * them). Each perturbed evaluation replays all drives on a fresh layer from {@code layers}.
     *
     * @param layers fresh layers of {@link #layerSize()} units that behave the same (the model's, or a smooth stand-in)
     */
    protected final void assertVjpThroughTimeMatchesFiniteDifferences(Supplier<NeuronLayer> layers, double[][] drives, int rows,
            double step, double tolerance) {
        int size = layerSize();
        int steps = drives.length;
        double[][] gradOuts = new double[steps][];
        for (int t = 0; t < steps; t++) {
            gradOuts[t] = randomVector(rows * size, SEED + 50 + t);
        }
        NeuronLayer layer = layers.get();
        Unrollable unrollable = assertInstanceOf(Unrollable.class, layer, "the layer must be Unrollable");
        unrollable.record(steps);
        run(layer, drives, rows);
        double[][] analytic = new double[steps][rows * size];
        for (int r = 0; r < rows; r++) {
            for (int t = steps - 1; t >= 0; t--) {
                unrollable.vjpThroughTime(t, r, gradOuts[t], r * size, analytic[t], r * size);
            }
        }
        double err = 0;
        double norm = 0;
        StringBuilder worst = new StringBuilder();
        double worstErr = -1;
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < rows * size; i++) {
                double[][] perturbed = new double[steps][];
                for (int u = 0; u < steps; u++) {
                    perturbed[u] = drives[u].clone();
                }
                perturbed[t][i] = drives[t][i] + step;
                double plus = presentationDot(layers.get(), perturbed, rows, gradOuts);
                perturbed[t][i] = drives[t][i] - step;
                double minus = presentationDot(layers.get(), perturbed, rows, gradOuts);
                double numeric = (plus - minus) / (2 * step);
                double e = analytic[t][i] - numeric;
                err += e * e;
                norm += numeric * numeric;
                if (Math.abs(e) > worstErr) {
                    worstErr = Math.abs(e);
                    worst.setLength(0);
                    worst.append("step ").append(t).append(" entry ").append(i).append(": analytic ").append(analytic[t][i])
                            .append(", numeric ").append(numeric);
                }
            }
        }
        assertTrue(norm > 0, "the objective does not depend on the drives: nothing was checked");
        double rel = Math.sqrt(err) / Math.sqrt(norm);
        assertTrue(rel <= tolerance, "relative error " + rel + " of the VJP through time; worst at " + worst);
    }

    private double presentationDot(NeuronLayer layer, double[][] drives, int rows, double[][] gradOuts) {
        double[][] outs = run(layer, drives, rows);
        double dot = 0;
        for (int t = 0; t < drives.length; t++) {
            for (int i = 0; i < outs[t].length; i++) {
                dot += gradOuts[t][i] * outs[t][i];
            }
        }
        return dot;
    }

    /** A vector of standard normal entries. */
    protected static double[] randomVector(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = gaussian(random);
        }
        return v;
    }

    /** Standard normal by Box-Muller, so the checks do not depend on the JDK's Gaussian algorithm. */
    protected static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble(); // (0, 1], keeps log finite
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }
}

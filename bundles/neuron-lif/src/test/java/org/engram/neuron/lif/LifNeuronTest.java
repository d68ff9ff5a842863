package org.engram.neuron.lif;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameters;
import org.engram.testkit.NeuronLayerContract;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The spiking LIF at its defaults with the trace readout: dt/τm = 0.2 and R = 5, so one Euler step
 * from rest moves the membrane by exactly h; θ = 1, β = 10, refractory 1 step, trace decay e^−0.1 (τs = 10 ms).
 */
class LifNeuronTest extends NeuronLayerContract {

    private static final LifNeuron MODEL = new LifNeuron();
    private static final double TRACE_DECAY = Math.exp(-0.1);

    @Override
    protected NeuronModel model() {
        return MODEL;
    }

    static LifLayer layer(int size, Map<String, Object> given) {
        return (LifLayer) MODEL.create(size, Parameters.resolve("test", MODEL.parameters(), given), new SplittableRandom(1));
    }

    /** The fast-sigmoid surrogate chained through one Euler step, written out independently of the layer. */
    private static double surrogate(double stepped, double stepGain, double threshold, double beta) {
        double d = 1 + beta * Math.abs(stepped - threshold);
        return stepGain / (d * d);
    }

    @Test
    void crossesThresholdResetsAndStaysRefractoryByHand() {
        // h = 0.5, R h = 2.5: v' = v + 0.2 (2.5 - v) -> 0.5, 0.9, 1.22 (spike, reset to 0), two refractory
        // steps clamped at 0, then 0.5, 0.9, 1.22 (spike) again
        double[] stepped = {0.5, 0.9, 1.22, 0, 0, 0.5, 0.9, 1.22};
        double[] spikes = {0, 0, 1, 0, 0, 0, 0, 1};
        double a = TRACE_DECAY;
        double[] trace = {0, 0, 1, a, a * a, a * a * a, a * a * a * a, a * a * a * a * a + 1};
        double[] gradient = {1.0 / 36, 1.0 / 4, 1.0 / (3.2 * 3.2), 0, 0, 1.0 / 36, 1.0 / 4, 1.0 / (3.2 * 3.2)};

        LifLayer traceLayer = layer(1, Map.of("refractory", 2e-3));
        LifLayer spikeLayer = layer(1, Map.of("readout", "SPIKES", "refractory", 2e-3));
        double[] out = new double[1];
        for (int t = 0; t < stepped.length; t++) {
            traceLayer.forward(new double[] {0.5}, out, 1);
            assertEquals(stepped[t], traceLayer.steppedMembrane(0, 0), 1e-14, "membrane at step " + (t + 1));
            assertEquals(trace[t], out[0], 1e-14, "trace at step " + (t + 1));
            assertEquals(gradient[t], vjp(traceLayer, 0, new double[] {1})[0], 1e-14, "vjp at step " + (t + 1));
            spikeLayer.forward(new double[] {0.5}, out, 1);
            assertEquals(spikes[t], out[0], "spike at step " + (t + 1));
        }
    }

    @Test
    void vjpEqualsTheSurrogateClosedFormAtSeveralMembraneValues() {
        // non-default constants so no factor is 1: dt/tauM = 0.25, R = 3 (step gain 0.75), from v_rest = -0.1
        Map<String, Object> given = Map.of("tauM", 4e-3, "resistance", 3.0, "threshold", 0.8, "vRest", -0.1,
                "vReset", -0.2, "beta", 4.0);
        double[] targets = {-0.5, 0.0, 0.5, 0.79, 0.8, 1.1, 2.5};
        double[] h = new double[targets.length];
        for (int j = 0; j < h.length; j++) {
            h[j] = (targets[j] + 0.1) / 0.75; // v' = v_rest + 0.25 (0 + 3 h)
        }
        LifLayer layer = layer(targets.length, given);
        layer.forward(h, new double[h.length], 1);
        double[] g = randomVector(h.length, 701);
        double[] got = new double[h.length];
        layer.vjp(0, g, 0, got, 0);
        for (int j = 0; j < h.length; j++) {
            assertEquals(targets[j], layer.steppedMembrane(0, j), 1e-14);
            assertEquals(g[j] * surrogate(targets[j], 0.75, 0.8, 4.0), got[j], 1e-14, "v' = " + targets[j]);
        }
        // at threshold the surrogate peaks at the step gain
        assertEquals(0.75 * g[4], got[4], 1e-14);
    }

    @Test
    void vjpIsTheFiniteDifferenceOfTheEulerStepTimesTheSurrogate() {
        // history with a carried membrane and some spikes; only the last step is differentiated
        int rows = rows();
        int size = layerSize();
        double[][] drives = randomDrives(7, rows, 702);
        double step = 1e-6;
        LifLayer layer = (LifLayer) newLayer(SEED);
        run(layer, drives, rows);
        int refractory = 0;
        for (int r = 0; r < rows; r++) {
            double[] g = randomVector(size, 703 + r);
            double[] got = vjp(layer, r, g);
            for (int j = 0; j < size; j++) {
                double slope = (steppedAfterPerturbing(drives, rows, r, j, step) - steppedAfterPerturbing(drives, rows, r, j, -step))
                        / (2 * step);
                double expected = g[j] * slope * surrogate(layer.steppedMembrane(r, j), 1.0, 1.0, 10.0);
                assertEquals(expected, got[j], 1e-6 * Math.abs(g[j]) + 1e-12, "row " + r + " unit " + j);
                if (slope == 0) {
                    refractory++;
                } else {
                    assertEquals(1.0, slope, 1e-6, "dv'/dh = (dt/tau_m) R");
                }
            }
        }
        assertTrue(refractory > 0 && refractory < rows * size, "the history should leave some units refractory, got " + refractory);
    }

    private double steppedAfterPerturbing(double[][] drives, int rows, int row, int unit, double delta) {
        LifLayer layer = (LifLayer) newLayer(SEED);
        double[] out = new double[rows * layerSize()];
        int last = drives.length - 1;
        for (int t = 0; t < last; t++) {
            layer.forward(drives[t], out, rows);
        }
        double[] drive = drives[last].clone();
        drive[row * layerSize() + unit] += delta;
        layer.forward(drive, out, rows);
        return layer.steppedMembrane(row, unit);
    }

    @Test
    void traceAndSpikeReadoutsShareTheVjp() {
        double[][] drives = randomDrives(4, rows(), 704);
        LifLayer trace = layer(layerSize(), Map.of());
        LifLayer spikes = layer(layerSize(), Map.of("readout", "SPIKES"));
        run(trace, drives, rows());
        run(spikes, drives, rows());
        double[] g = randomVector(layerSize(), 705);
        assertArrayEquals(vjp(trace, 1, g), vjp(spikes, 1, g));
    }

    @Test
    void restsAtTheRestingPotentialWithoutDrive() {
        LifLayer layer = layer(2, Map.of("vRest", 0.3));
        double[] out = new double[2];
        for (int t = 0; t < 5; t++) {
            layer.forward(new double[2], out, 1);
            assertEquals(0.3, layer.steppedMembrane(0, 1), 1e-15);
            assertArrayEquals(new double[2], out);
        }
    }

    @Test
    void withoutRefractoryPeriodAStrongDriveSpikesEveryStep() {
        LifLayer layer = layer(1, Map.of("refractory", 0.0, "readout", "SPIKES"));
        double[] out = new double[1];
        for (int t = 0; t < 6; t++) {
            layer.forward(new double[] {3.0}, out, 1); // v' = 0 + 0.2 * 5 * 3 = 3 >= 1 every step
            assertEquals(1.0, out[0], "step " + (t + 1));
        }
    }

    @Test
    void rejectsInconsistentParameters() {
        assertThrows(IllegalArgumentException.class, () -> layer(2, Map.of("vReset", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> layer(2, Map.of("readoutSteps", 21)));
        assertThrows(IllegalArgumentException.class, () -> layer(2, Map.of("dt", 1e-2)));
    }

    @Test
    void contractChecksCatchASilentLayerAndASurrogateThatIsZeroAlmostEverywhere() {
        // R = 0.5: the membrane settles at 0.5 h, so only drive above 2 (2 % of N(0, 1)) ever reaches threshold
        assertThrows(AssertionFailedError.class,
                () -> assertRespondsToDriveOfLeCunScale(layer(STATISTICS_UNITS, Map.of("resistance", 0.5))));
        // beta = 1000: the surrogate is above 1 % of its peak only within 0.009 of threshold
        assertThrows(AssertionFailedError.class,
                () -> assertVjpNotZeroAlmostEverywhere(layer(STATISTICS_UNITS, Map.of("beta", 1000.0))));
    }

    @Test
    void reportsSpikesPerUnitSilentFractionAndSurrogateMeanOfCompletedPresentations() {
        // unit 0 at h = 0.5 spikes at steps 3 and 8 (refractory 2 steps, as crossesThresholdResetsAndStaysRefractoryByHand);
        // unit 1 at h = 0 never spikes, its stepped membrane stays 0 and its surrogate is 1/(1 + 10)^2
        Map<String, Object> given = Map.of("refractory", 2e-3, "steps", 6, "readoutSteps", 3);
        LifLayer layer = layer(2, given);
        double[] drive = {0.5, 0.0, 0.5, 0.0};
        double[] out = new double[4];
        Map<String, Double> reported = new HashMap<>();
        layer.reportActivity(reported::put);
        assertTrue(reported.isEmpty(), "nothing to report before a forward: " + reported);
        for (int t = 0; t < 6 + 2; t++) { // two rows, one full presentation each, then two steps of the next
            layer.forward(drive, out, 2);
        }
        layer.reportActivity(reported::put);
        // spikes: unit 0 of each row at steps 3 and 8; the first presentation (steps 1-6) has unit 1 silent
        assertEquals(4 * 6 / (8.0 * 4), reported.get(LifLayer.SPIKES_PER_UNIT), 1e-12);
        assertEquals(0.5, reported.get(LifLayer.SILENT_FRACTION), 1e-12, "unit 1 of both completed presentations");
        // unit 0 per 8 steps: stepped 0.5, 0.9, 1.22, refractory x2, 0.5, 0.9, 1.22 -> surrogates 1/36, 1/4, 1/3.2^2, 0, 0, ...
        double unit0 = 2 * (1.0 / 36 + 1.0 / 4 + 1.0 / (3.2 * 3.2));
        double unit1 = 8 * surrogate(0.0, 1.0, 1.0, 10.0);
        assertEquals((unit0 + unit1) / 16, reported.get(LifLayer.SURROGATE_MEAN), 1e-12);
        reported.clear();
        layer.reportActivity(reported::put);
        assertTrue(reported.isEmpty(), "a report starts the counts afresh: " + reported);
        for (int t = 0; t < 3; t++) { // 5 of the second presentation's 6 steps...
            layer.forward(drive, out, 2);
        }
        layer.reset(); // ...and a reset drops it unfinished
        layer.reportActivity(reported::put);
        assertEquals(Set.of(LifLayer.SPIKES_PER_UNIT, LifLayer.SURROGATE_MEAN), reported.keySet(), "no completed presentation");
    }

    @Test
    void defaultsSpikeAtSaneRatesInA784x128x64x10NetworkWithInputsInMinusOneToOne() {
        SplittableRandom random = new SplittableRandom(42);
        int batch = 32;
        double[] uniform = new double[batch * 784];
        double[] mnistLike = new double[batch * 784];
        for (int i = 0; i < uniform.length; i++) {
            uniform[i] = 2 * random.nextDouble() - 1;
            // most MNIST pixels are background, which (x - 0.5)/0.5 maps to -1
            mnistLike[i] = random.nextDouble() < 0.8 ? -1.0 : 2 * random.nextDouble() - 1;
        }
        for (double[] input : new double[][] {uniform, mnistLike}) {
            double[][] rates = simulate(input, batch, new int[] {784, 128, 64, 10}, new SplittableRandom(7));
            System.out.printf(Locale.ROOT, "lif %s input, 20 steps of 1 ms: rate (Hz) per layer %.1f / %.1f / %.1f,"
                    + " fraction of units that fired %.2f / %.2f / %.2f%n", input == uniform ? "uniform" : "MNIST-like",
                    rates[0][0], rates[1][0], rates[2][0], rates[0][1], rates[1][1], rates[2][1]);
            for (int l = 0; l < 2; l++) {
                assertTrue(rates[l][0] >= 20 && rates[l][0] <= 200, "hidden layer " + (l + 1) + " fires at " + rates[l][0] + " Hz");
                assertTrue(rates[l][1] >= 0.2, "only " + rates[l][1] + " of hidden layer " + (l + 1) + "'s units fired");
            }
            assertTrue(rates[2][0] > 5, "the output layer barely fires: " + rates[2][0] + " Hz");
        }
    }

    /** Mean rate (Hz) and fraction of units that fired at least once, per layer, LeCun-normal weights, zero bias. */
    private static double[][] simulate(double[] input, int batch, int[] sizes, SplittableRandom random) {
        int layers = sizes.length - 1;
        double[][] weights = new double[layers][];
        LifLayer[] neurons = new LifLayer[layers];
        double[][] activity = new double[layers][];
        double[][] drive = new double[layers][];
        long[] spikes = new long[layers];
        boolean[][] fired = new boolean[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = new double[sizes[l + 1] * sizes[l]];
            for (int i = 0; i < weights[l].length; i++) {
                weights[l][i] = gaussian(random) / Math.sqrt(sizes[l]);
            }
            neurons[l] = layer(sizes[l + 1], new HashMap<>());
            activity[l] = new double[batch * sizes[l + 1]];
            drive[l] = new double[batch * sizes[l + 1]];
            fired[l] = new boolean[batch * sizes[l + 1]];
        }
        int steps = neurons[0].stepsPerSample();
        for (int t = 0; t < steps; t++) {
            double[] in = input;
            for (int l = 0; l < layers; l++) {
                int nIn = sizes[l];
                int nOut = sizes[l + 1];
                for (int b = 0; b < batch; b++) {
                    for (int o = 0; o < nOut; o++) {
                        double s = 0;
                        for (int i = 0; i < nIn; i++) {
                            s += weights[l][o * nIn + i] * in[b * nIn + i];
                        }
                        drive[l][b * nOut + o] = s;
                    }
                }
                neurons[l].forward(drive[l], activity[l], batch);
                for (int b = 0; b < batch; b++) {
                    for (int o = 0; o < nOut; o++) {
                        // a non-refractory step that reached threshold is a spike
                        if (neurons[l].steppedMembrane(b, o) >= 1.0) {
                            spikes[l]++;
                            fired[l][b * nOut + o] = true;
                        }
                    }
                }
                in = activity[l];
            }
        }
        double[][] result = new double[layers][2];
        for (int l = 0; l < layers; l++) {
            int units = batch * sizes[l + 1];
            int count = 0;
            for (boolean f : fired[l]) {
                count += f ? 1 : 0;
            }
            result[l][0] = spikes[l] / (double) units / (steps * 1e-3);
            result[l][1] = count / (double) units;
        }
        return result;
    }

    /**
     * BPTT through a 20-step presentation against central differences of {@code Σ_t g_t · z_t}. The spike is a step
     * function, so finite differences of the real layer are 0 almost everywhere; the check runs on the stand-in whose
     * trace (and SPIKES output) receives {@code (v' − θ)/(1 + β|v' − θ|)}, the antiderivative of the surrogate, while
     * reset and refractory period follow the hard spike. Away from threshold crossings (none is within the finite
     * difference step here) the surrogate VJP through time is that stand-in's exact derivative: leak, trace decay,
     * the detached reset (which only matters without a refractory period) and the clamped refractory steps included.
     * Both readouts, a 2-step refractory period and none.
     */
    @Test
    void vjpThroughTimeIsTheExactDerivativeOfTheSmoothStandIn() {
        int steps = 20;
        double[][] drives = randomDrives(steps, rows(), 621);
        for (Map<String, Object> given : java.util.List.<Map<String, Object>>of(Map.of(), Map.of("readout", "SPIKES"),
                Map.of("refractory", 2e-3, "tauS", 5e-3), Map.of("refractory", 0.0))) {
            Parameters parameters = Parameters.resolve("test", MODEL.parameters(), given);
            int spikes = 0;
            LifLayer hard = LifNeuron.createLayer(layerSize(), Parameters.resolve("test", MODEL.parameters(),
                    Map.of("readout", "SPIKES")), false);
            double[] out = new double[rows() * layerSize()];
            for (double[] drive : drives) {
                hard.forward(drive, out, rows());
                for (double s : out) {
                    spikes += (int) s;
                }
            }
            // the drives cross threshold often but not always, so every branch of the backward pass runs
            assertTrue(spikes > steps && spikes < steps * rows() * layerSize() / 2, spikes + " spikes");
            assertVjpThroughTimeMatchesFiniteDifferences(() -> LifNeuron.createLayer(layerSize(), parameters, true), drives,
                    rows(), 1e-7, 1e-6);
        }
    }
}

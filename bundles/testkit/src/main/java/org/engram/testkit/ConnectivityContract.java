package org.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;
import org.engram.api.Checkpointable;
import org.engram.api.PluginKind;
import org.engram.api.Shape;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.connectivity.Connection;
import org.engram.api.connectivity.Connectivity;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;

/**
 * The checks every {@link Connectivity} must pass, whatever it computes. Extend it once per connectivity (and
 * once more per configuration worth covering, by overriding {@link #parameters()} and {@link #inputShape()}):
 *
 * <pre>
 * class LocallyConnectedContractTest extends ConnectivityContract {
 *     protected Connectivity connectivity() { return new LocallyConnected(); }
 * }
 * </pre>
 *
 * Checked: the component declaration and parameters; shapes and array sizes; forward writes exactly the rows
 * asked for, reads its input at the offset, treats rows independently and is deterministic; the weight and bias
 * gradients and the input gradient equal central finite differences of {@code Σ_r ⟨δ_r, drive_r⟩}; nothing is
 * allocated once the row count is stable; a connection's own state (if it implements {@link Checkpointable})
 * survives a checkpoint round trip; and the input shapes the plugin says it cannot take are refused with a message.
 * A connectivity whose drive is not linear in its weights still passes if its gradients are right; max pooling,
 * piecewise linear in the input, is checked on random inputs, which have no ties.
 */
public abstract class ConnectivityContract {

    /** Seed of every generator the checks create. */
    protected static final long SEED = 0xC0DEL;

    protected abstract Connectivity connectivity();

    /** The connectivity's parameters for these checks; by default every parameter at its default. */
    protected Parameters parameters() {
        return Parameters.defaults(connectivity().parameters());
    }

    /** The input the checks connect; small enough for finite differences over every weight. */
    protected Shape inputShape() {
        return new Shape(2, 6, 6);
    }

    /** The layer size the checks pass to {@link Connectivity#create}: 0 (derived) unless overridden (dense: 5). */
    protected int size() {
        return 0;
    }

    /** An input shape the connectivity must refuse (e.g. a flat vector for a convolution), or null if it takes any. */
    protected Shape unsupportedInput() {
        return null;
    }

    /** Rows per call in the checks. */
    protected int rows() {
        return 3;
    }

    /** The backend the connection computes with in the checks. */
    protected ComputeBackend backend() {
        return new ReferenceBackend();
    }

    /** A connection with LeCun-scaled random weights and small random biases, as a trained layer has them. */
    protected final Connection newConnection() {
        Connection c = connectivity().create(inputShape(), size(), parameters());
        SplittableRandom random = new SplittableRandom(SEED);
        double scale = Math.sqrt(1.0 / Math.max(1, c.fanIn()));
        fill(c.weights(), random, scale);
        fill(c.bias(), random, 0.1);
        return c;
    }

    // ------------------------------------------------------------------------------------------
    // The checks

    @Test
    public void describesItselfAndDeclaresItsComponent() {
        PluginChecks.describesItself(connectivity(), PluginKind.CONNECTIVITY);
        PluginChecks.declaresComponent(connectivity().getClass(), Connectivity.class, PluginKind.CONNECTIVITY);
    }

    @Test
    public void shapesAndArraysAreConsistent() {
        Connection c = newConnection();
        assertEquals(inputShape(), c.inputShape(), "inputShape() must be the shape create() was given");
        assertTrue(c.outputShape().size() >= 1, "outputShape() has no units");
        assertTrue(c.fanIn() >= 1, "fanIn() must be at least 1 (LeCun initialisation divides by it), got " + c.fanIn());
        assertTrue(c.weights() != null && c.bias() != null, "weights() and bias() must be arrays (empty when there are none)");
        assertTrue(c.weights() == c.weights() && c.bias() == c.bias(), "weights() and bias() must be the live arrays, not copies");
        if (size() > 0) {
            assertEquals(size(), c.outputShape().size(), "a layer given a size must have that many units");
        }
        if (c.isDense()) {
            assertEquals(c.outputShape().size() * inputShape().size(), c.weights().length,
                    "isDense() promises weights of [outputSize, inputSize]");
        }
    }

    @Test
    public void forwardWritesExactlyTheRowsAskedForAndReadsAtTheOffset() {
        Connection c = newConnection();
        int in = inputShape().size();
        int out = c.outputShape().size();
        int rows = rows();
        int offset = 7;
        double[] input = random(offset + rows * in + 5, SEED + 1);
        double[] shifted = new double[rows * in];
        System.arraycopy(input, offset, shifted, 0, rows * in);
        double[] drive = new double[rows * out + 4];
        java.util.Arrays.fill(drive, Double.NaN);
        c.forward(backend(), input, offset, rows, drive);
        for (int i = 0; i < rows * out; i++) {
            assertTrue(Double.isFinite(drive[i]), "drive[" + i + "] is " + drive[i]);
        }
        for (int i = rows * out; i < drive.length; i++) {
            assertTrue(Double.isNaN(drive[i]), "forward wrote past its " + rows + " rows, at " + i);
        }
        double[] again = new double[rows * out];
        c.forward(backend(), shifted, 0, rows, again);
        assertArrayEquals(java.util.Arrays.copyOf(drive, rows * out), again, 0.0,
                "the same input at offset 0 and at offset " + offset + " must give the same drive");
        c.forward(backend(), shifted, 0, rows, again);
        assertArrayEquals(java.util.Arrays.copyOf(drive, rows * out), again, 0.0, "forward must be deterministic and keep no state");
    }

    @Test
    public void rowsAreIndependent() {
        Connection c = newConnection();
        int in = inputShape().size();
        int out = c.outputShape().size();
        double[] input = random(rows() * in, SEED + 2);
        double[] all = new double[rows() * out];
        c.forward(backend(), input, 0, rows(), all);
        double[] one = new double[out];
        for (int r = 0; r < rows(); r++) {
            c.forward(backend(), input, r * in, 1, one);
            for (int i = 0; i < out; i++) {
                assertEquals(all[r * out + i], one[i], 1e-12 * (1 + Math.abs(one[i])), "row " + r + " unit " + i
                        + " differs when forwarded alone");
            }
        }
    }

    @Test
    public void weightAndBiasGradientsMatchFiniteDifferences() {
        Connection c = newConnection();
        int in = inputShape().size();
        int out = c.outputShape().size();
        int rows = rows();
        int offset = 3;
        double[] input = random(offset + rows * in, SEED + 3);
        double[] delta = random(2 + rows * out, SEED + 4);
        double[] gw = new double[c.weights().length];
        double[] gb = new double[c.bias().length];
        java.util.Arrays.fill(gw, Double.NaN);
        java.util.Arrays.fill(gb, Double.NaN);
        c.weightGradient(backend(), input, offset, delta, 2, rows, gw, gb);
        checkAgainstDifferences(c, c.weights(), gw, "weight", input, offset, delta, 2);
        checkAgainstDifferences(c, c.bias(), gb, "bias", input, offset, delta, 2);
    }

    @Test
    public void inputGradientMatchesFiniteDifferences() {
        Connection c = newConnection();
        int in = inputShape().size();
        int out = c.outputShape().size();
        int rows = rows();
        double[] input = random(rows * in, SEED + 5);
        double[] delta = random(1 + rows * out, SEED + 6);
        double[] gradient = new double[rows * in + 3];
        java.util.Arrays.fill(gradient, Double.NaN);
        c.inputGradient(backend(), input, 0, delta, 1, rows, gradient);
        for (int i = rows * in; i < gradient.length; i++) {
            assertTrue(Double.isNaN(gradient[i]), "inputGradient wrote past its " + rows + " rows, at " + i);
        }
        double h = 1e-6;
        for (int i = 0; i < rows * in; i++) {
            double saved = input[i];
            input[i] = saved + h;
            double plus = objective(c, input, 0, delta, 1);
            input[i] = saved - h;
            double minus = objective(c, input, 0, delta, 1);
            input[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            assertEquals(numeric, gradient[i], 1e-6 * (1 + Math.abs(numeric)), "input gradient at " + i + " (row " + i / in
                    + ") against central differences");
        }
    }

    @Test
    public void callsDoNotAllocateOnceTheRowCountIsStable() {
        Connection c = newConnection();
        int in = inputShape().size();
        int out = c.outputShape().size();
        double[] input = random(rows() * in, SEED + 7);
        double[] drive = new double[rows() * out];
        double[] gw = new double[c.weights().length];
        double[] gb = new double[c.bias().length];
        double[] gi = new double[rows() * in];
        ComputeBackend backend = backend();
        Allocations.assertNoAllocation("forward, weightGradient and inputGradient", 20, 50, i -> {
            c.forward(backend, input, 0, rows(), drive);
            c.weightGradient(backend, input, 0, drive, 0, rows(), gw, gb);
            c.inputGradient(backend, input, 0, drive, 0, rows(), gi);
        });
    }

    @Test
    public void ownStateSurvivesACheckpointRoundTrip() throws IOException {
        Connection c = newConnection();
        if (!(c instanceof Checkpointable part)) {
            // no state but the weights, which the engine checkpoints: forward must depend on nothing else
            forwardWritesExactlyTheRowsAskedForAndReadsAtTheOffset();
            return;
        }
        byte[] state = Checkpoints.save(part);
        Connection fresh = newConnection();
        Checkpoints.restore((Checkpointable) fresh, state, "the connection");
        assertArrayEquals(state, Checkpoints.save((Checkpointable) fresh), "state after restore differs from the state saved");
    }

    @Test
    public void refusesAnInputItCannotTake() {
        Shape bad = unsupportedInput();
        if (bad == null) {
            assertTrue(connectivity().create(inputShape(), size(), parameters()) != null, "create() returned null");
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> connectivity().create(bad, size(), parameters()),
                "an input of shape " + bad + " must be refused with IllegalArgumentException, which the engine reports with the layer");
        assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "the refusal needs a message naming the problem and the fix");
    }

    // ------------------------------------------------------------------------------------------

    /** Σ_r ⟨δ_r, drive_r⟩: the scalar whose gradients the connection's VJPs are. */
    private double objective(Connection c, double[] input, int inputOffset, double[] delta, int deltaOffset) {
        int out = c.outputShape().size();
        double[] drive = new double[rows() * out];
        c.forward(backend(), input, inputOffset, rows(), drive);
        double sum = 0.0;
        for (int i = 0; i < drive.length; i++) {
            sum += delta[deltaOffset + i] * drive[i];
        }
        return sum;
    }

    private void checkAgainstDifferences(Connection c, double[] parameters, double[] gradient, String what, double[] input,
            int inputOffset, double[] delta, int deltaOffset) {
        double h = 1e-6;
        for (int i = 0; i < parameters.length; i++) {
            double saved = parameters[i];
            parameters[i] = saved + h;
            double plus = objective(c, input, inputOffset, delta, deltaOffset);
            parameters[i] = saved - h;
            double minus = objective(c, input, inputOffset, delta, deltaOffset);
            parameters[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            assertEquals(numeric, gradient[i], 1e-6 * (1 + Math.abs(numeric)), what + " gradient at " + i
                    + " against central differences");
        }
    }

    private static double[] random(int n, long seed) {
        double[] a = new double[n];
        fill(a, new SplittableRandom(seed), 1.0);
        return a;
    }

    private static void fill(double[] a, SplittableRandom random, double scale) {
        for (int i = 0; i < a.length; i++) {
            a[i] = scale * (2 * random.nextDouble() - 1);
        }
    }
}

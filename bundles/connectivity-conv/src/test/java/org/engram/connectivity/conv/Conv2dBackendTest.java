package org.engram.connectivity.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.Shape;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.connectivity.Connection;
import org.engram.api.param.Parameters;
import org.engram.testkit.ReferenceBackend;
import org.junit.jupiter.api.Test;

/** A conv2d layer with {@code backend} set does its products there, whatever backend the trial passes. */
class Conv2dBackendTest {

    /** Counts the products it is asked for and does them on the reference backend. */
    private static final class Counting implements ComputeBackend {
        final ReferenceBackend reference = new ReferenceBackend();
        int calls;

        @Override
        public String description() {
            return "counting reference";
        }

        @Override
        public java.util.List<org.engram.api.param.ParameterDescriptor> parameters() {
            return java.util.List.of();
        }

        @Override
        public String implementation() {
            return reference.implementation();
        }

        @Override
        public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
                double[] b, int bOffset, double beta, double[] c, int cOffset) {
            calls++;
            reference.gemm(transA, transB, m, n, k, alpha, a, aOffset, b, bOffset, beta, c, cOffset);
        }

        @Override
        public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOffset, double[] x, int xOffset,
                double beta, double[] y, int yOffset) {
            calls++;
            reference.gemv(transA, m, n, alpha, a, aOffset, x, xOffset, beta, y, yOffset);
        }

        @Override
        public void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y, int yOffset, double[] a, int aOffset) {
            calls++;
            reference.ger(m, n, alpha, x, xOffset, y, yOffset, a, aOffset);
        }
    }

    private final Conv2dConnectivity conv = new Conv2dConnectivity();
    private final Shape input = new Shape(2, 6, 6);

    private Connection create(Map<String, Object> parameters) {
        return conv.create(input, 0, Parameters.resolve("conv2d", conv.parameters(), parameters));
    }

    @Test
    void aLayerWithItsOwnBackendComputesThereAndGivesTheSameNumbers() {
        Counting chosen = new Counting();
        Counting trials = new Counting();
        conv.bindBackend(chosen, Map.of("engram.backend", "chosen"));
        Connection own = create(Map.of("channels", 3, "backend", "chosen"));
        Connection plain = create(Map.of("channels", 3));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < own.weights().length; i++) {
            own.weights()[i] = plain.weights()[i] = random.nextGaussian();
        }
        double[] x = random.doubles(2L * input.size()).toArray();
        double[] delta = random.doubles(2L * own.outputShape().size()).toArray();
        double[] driveOwn = new double[delta.length];
        double[] drivePlain = new double[delta.length];
        double[] gradOwn = new double[own.weights().length];
        double[] gradPlain = new double[own.weights().length];
        double[] biasOwn = new double[own.bias().length];
        double[] biasPlain = new double[own.bias().length];
        double[] inOwn = new double[x.length];
        double[] inPlain = new double[x.length];

        own.forward(trials, x, 0, 2, driveOwn);
        own.weightGradient(trials, x, 0, delta, 0, 2, gradOwn, biasOwn);
        own.inputGradient(trials, x, 0, delta, 0, 2, inOwn);
        assertEquals(0, trials.calls, "the trial's backend was used");
        assertTrue(chosen.calls >= 3, "the chosen backend did " + chosen.calls + " products");

        ReferenceBackend reference = new ReferenceBackend();
        plain.forward(reference, x, 0, 2, drivePlain);
        plain.weightGradient(reference, x, 0, delta, 0, 2, gradPlain, biasPlain);
        plain.inputGradient(reference, x, 0, delta, 0, 2, inPlain);
        assertArrayEquals(drivePlain, driveOwn);
        assertArrayEquals(gradPlain, gradOwn);
        assertArrayEquals(biasPlain, biasOwn);
        assertArrayEquals(inPlain, inOwn);
        assertSame(own.weights(), own.weights(), "weights are live");
    }

    @Test
    void aBackendThatIsNotInstalledIsNamedWithTheInstalledOnes() {
        conv.bindBackend(new Counting(), Map.of("engram.backend", "java"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create(Map.of("backend", "cuda")));
        assertEquals("conv2d: backend 'cuda' is not installed; installed: java (or leave backend out to use the trial's)",
                e.getMessage());
    }

    @Test
    void anUnboundBackendIsNoLongerOffered() {
        Counting gone = new Counting();
        conv.bindBackend(gone, Map.of("engram.backend", "nd4j"));
        conv.unbindBackend(gone, Map.of("engram.backend", "nd4j"));
        assertThrows(IllegalArgumentException.class, () -> create(Map.of("backend", "nd4j")));
    }
}

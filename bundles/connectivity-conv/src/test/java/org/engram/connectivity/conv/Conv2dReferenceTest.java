package org.engram.connectivity.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.Shape;
import org.engram.api.connectivity.Connection;
import org.engram.api.param.Parameters;
import org.engram.testkit.ReferenceBackend;
import org.junit.jupiter.api.Test;

/** The im2col + GEMM convolution against the definition, written as the direct six-fold loop. */
class Conv2dReferenceTest {

    private final Conv2dConnectivity plugin = new Conv2dConnectivity();

    private Connection create(Shape input, Map<String, Object> params) {
        return plugin.create(input, 0, Parameters.resolve("conv2d", plugin.parameters(), params));
    }

    @Test
    void forwardEqualsTheDirectLoopForSeveralGeometries() {
        int[][] cases = {{1, 28, 28, 4, 3, 1, 1}, {3, 8, 6, 5, 3, 2, 1}, {2, 5, 5, 3, 5, 1, 2}, {2, 6, 7, 2, 1, 1, 0},
            {3, 9, 9, 2, 4, 3, 0}};
        for (int[] k : cases) {
            Shape in = new Shape(k[0], k[1], k[2]);
            Connection c = create(in, Map.of("channels", k[3], "kernel", k[4], "stride", k[5], "padding", k[6]));
            SplittableRandom random = new SplittableRandom(k[1] * 31L + k[4]);
            fill(c.weights(), random);
            fill(c.bias(), random);
            int rows = 2;
            double[] x = new double[rows * in.size()];
            fill(x, random);
            double[] drive = new double[rows * c.outputShape().size()];
            c.forward(new ReferenceBackend(), x, 0, rows, drive);
            double[] expected = direct(x, rows, in, c.weights(), c.bias(), k[3], k[4], k[5], k[6]);
            assertEquals(expected.length, drive.length);
            for (int i = 0; i < drive.length; i++) {
                assertEquals(expected[i], drive[i], 1e-12, "case " + java.util.Arrays.toString(k) + " at " + i);
            }
        }
    }

    @Test
    void outputShapeFollowsTheUsualFormula() {
        Connection c = create(new Shape(3, 32, 32), Map.of("channels", 128));
        assertEquals(new Shape(128, 32, 32), c.outputShape(), "3×3, padding 1, stride 1 keeps the size (the paper's CNN)");
        assertEquals(27, c.fanIn(), "fan-in 3·3·C_in (spec §2.8)");
        c = create(new Shape(1, 28, 28), Map.of("channels", 8, "kernel", 5, "stride", 2, "padding", 0));
        assertEquals(new Shape(8, 12, 12), c.outputShape());
    }

    @Test
    void badGeometriesAreRefusedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create(new Shape(1, 4, 4), Map.of("kernel", 7, "padding", 0)));
        assertTrue(e.getMessage().contains("larger than its input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> create(Shape.flat(784), Map.of()));
        assertTrue(e.getMessage().contains("image input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> plugin.create(new Shape(1, 8, 8), 10,
                Parameters.defaults(plugin.parameters())));
        assertTrue(e.getMessage().contains("remove size"), e.getMessage());
    }

    /** h[r, o, y, x] = b[o] + Σ_{c,i,j} K[o, c, i, j] · in[r, c, y·s + i − p, x·s + j − p]. */
    private static double[] direct(double[] x, int rows, Shape in, double[] w, double[] b, int outC, int k, int s, int p) {
        int outH = (in.height() + 2 * p - k) / s + 1;
        int outW = (in.width() + 2 * p - k) / s + 1;
        double[] h = new double[rows * outC * outH * outW];
        int idx = 0;
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outC; o++) {
                for (int y = 0; y < outH; y++) {
                    for (int xx = 0; xx < outW; xx++) {
                        double sum = b[o];
                        for (int c = 0; c < in.channels(); c++) {
                            for (int i = 0; i < k; i++) {
                                for (int j = 0; j < k; j++) {
                                    int iy = y * s + i - p;
                                    int ix = xx * s + j - p;
                                    if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                                        sum += w[((o * in.channels() + c) * k + i) * k + j]
                                                * x[r * in.size() + (c * in.height() + iy) * in.width() + ix];
                                    }
                                }
                            }
                        }
                        h[idx++] = sum;
                    }
                }
            }
        }
        return h;
    }

    private static void fill(double[] a, SplittableRandom random) {
        for (int i = 0; i < a.length; i++) {
            a[i] = 2 * random.nextDouble() - 1;
        }
    }
}

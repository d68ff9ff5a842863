package org.engram.dataset.synthetic;

import static org.engram.dataset.synthetic.Points.inputs;
import static org.engram.dataset.synthetic.Points.labels;
import static org.engram.dataset.synthetic.Points.load;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.engram.api.data.DataSplits;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;

class XorDatasetTest {

    private final XorDataset xor = new XorDataset();

    @Test
    void defaultsAreTheFrontiersSplitWithNoiseAndScaleInTheId() throws Exception {
        DataSplits data = load(xor, Map.of(), 42);

        assertEquals(900, data.train().size());
        assertEquals(100, data.test().size());
        assertEquals(2, data.classes());
        assertEquals("xor[noise=0.1,points=1000,train=900,inputScale=" + (1.0 / 255) + "]", data.id());
    }

    @Test
    void withoutNoiseInputsAreCornersAndLabelsTheirXor() throws Exception {
        DataSplits data = load(xor, Map.of("noise", 0.0, "inputScale", 1.0), 42);
        double[][] x = inputs(data.train());
        int[] y = labels(data.train());

        int[] corners = new int[4];
        for (int k = 0; k < x.length; k++) {
            assertTrue(x[k][0] == 0 || x[k][0] == 1, "x1 = " + x[k][0]);
            assertTrue(x[k][1] == 0 || x[k][1] == 1, "x2 = " + x[k][1]);
            assertEquals((int) x[k][0] ^ (int) x[k][1], y[k]);
            corners[(int) x[k][0] + 2 * (int) x[k][1]]++;
        }
        // 900 draws of 4 equally likely corners: 225 each, standard deviation 13
        for (int c : corners) {
            assertTrue(c > 170 && c < 280, "corner count " + c + " of 900");
        }
    }

    @Test
    void noiseIsGaussianWithTheGivenDeviationAroundTheLabelledCorner() throws Exception {
        DataSplits data = load(xor, Map.of("inputScale", 1.0), 42);
        double[][] x = LinearDatasetTest.concat(inputs(data.train()), inputs(data.test()));
        int[] y = LinearDatasetTest.concat(labels(data.train()), labels(data.test()));

        double sumSquares = 0;
        double sum = 0;
        for (int k = 0; k < x.length; k++) {
            long c1 = Math.round(x[k][0]);
            long c2 = Math.round(x[k][1]);
            assertEquals(c1 ^ c2, y[k], "point " + k + " lies nearest a corner of another class");
            for (double e : new double[] {x[k][0] - c1, x[k][1] - c2}) {
                sum += e;
                sumSquares += e * e;
            }
        }
        // 2000 draws of N(0, 0.01): standard error of the variance 0.01 * sqrt(2/2000) = 0.0003
        assertEquals(0.0, sum / 2000, 0.01);
        assertEquals(0.01, sumSquares / 2000, 0.0012);
    }

    @Test
    void defaultScaleDividesTheSamePointsBy255() throws Exception {
        double[][] scaled = inputs(load(xor, Map.of(), 3).train());
        double[][] raw = inputs(load(xor, Map.of("inputScale", 1.0), 3).train());

        for (int k = 0; k < raw.length; k++) {
            assertEquals(raw[k][0] / 255, scaled[k][0], 1e-17);
            assertEquals(raw[k][1] / 255, scaled[k][1], 1e-17);
        }
    }

    @Test
    void equalSeedsGiveEqualDataAndOtherSeedsOtherData() throws Exception {
        DataSplits a = load(xor, Map.of(), 17);
        DataSplits b = load(xor, Map.of(), 17);
        DataSplits c = load(xor, Map.of(), 18);

        assertEquals(a.contentHash(), b.contentHash());
        assertArrayEquals(inputs(a.test()), inputs(b.test()));
        assertArrayEquals(labels(a.train()), labels(b.train()));
        assertNotEquals(a.contentHash(), c.contentHash());
        assertFalse(java.util.Arrays.deepEquals(inputs(a.test()), inputs(c.test())));
    }

    @Test
    void everyParameterIsDescribedAndDefaultsAreThePapers() {
        Parameters defaults = Parameters.defaults(xor.parameters());
        assertEquals(0.1, defaults.getDouble("noise"));
        assertEquals(1.0 / 255, defaults.getDouble("inputScale"));
        for (ParameterDescriptor p : xor.parameters()) {
            assertFalse(p.description().isBlank(), p.name());
        }
        assertFalse(xor.description().isBlank());
    }
}

package org.engram.dataset.synthetic;

import static org.engram.dataset.synthetic.Points.count;
import static org.engram.dataset.synthetic.Points.inputs;
import static org.engram.dataset.synthetic.Points.labels;
import static org.engram.dataset.synthetic.Points.load;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;

class LinearDatasetTest {

    private final LinearDataset linear = new LinearDataset();

    @Test
    void defaultsAreTheFrontiersSplitOf900TrainAnd100Test() throws Exception {
        DataSplits data = load(linear, Map.of(), 42);

        assertEquals(900, data.train().size());
        assertEquals(100, data.test().size());
        assertArrayEquals(new int[] {2}, data.inputShape());
        assertEquals(2, data.train().inputSize());
        assertEquals(2, data.classes());
        assertEquals("linear[points=1000,train=900,inputScale=" + (1.0 / 255) + "]", data.id());
    }

    @Test
    void inputsAreUniformOnTheSquareScaledByOneOver255() throws Exception {
        DataSplits data = load(linear, Map.of(), 42);
        double[][] x = inputs(data.train());

        double mean = 0;
        int[] quadrants = new int[4];
        for (double[] p : x) {
            for (double v : p) {
                assertTrue(Math.abs(v) <= 1.0 / 255, "input " + v + " outside [-1/255, 1/255]");
                mean += v;
            }
            quadrants[(p[0] > 0 ? 1 : 0) + (p[1] > 0 ? 2 : 0)]++;
        }
        // 1800 coordinates of U(-1,1)/255: standard error of the mean 0.0136/255
        assertEquals(0.0, mean / 1800 * 255, 0.06);
        for (int q : quadrants) {
            assertTrue(q > 180 && q < 270, "quadrant count " + q + " of 900");
        }
    }

    @Test
    void labelsAreAHalfPlaneThroughTheOrigin() throws Exception {
        DataSplits data = load(linear, Map.of("points", 400, "trainPoints", 300), 42);

        double[][] all = concat(inputs(data.train()), inputs(data.test()));
        int[] y = concat(labels(data.train()), labels(data.test()));

        assertTrue(Points.separableThroughOrigin(all, y));
        // a line through the centre of the square halves it
        assertTrue(count(y, 1) > 120 && count(y, 1) < 280, count(y, 1) + " of 400 in class 1");
    }

    @Test
    void shuffledLabelsAreNotSeparableSoTheCheckHasTeeth() throws Exception {
        DataSplits data = load(linear, Map.of("points", 400, "trainPoints", 300), 42);
        double[][] x = inputs(data.train());
        int[] y = labels(data.train());
        int[] alternating = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            alternating[i] = i % 2;
        }

        assertTrue(Points.separableThroughOrigin(x, y));
        assertFalse(Points.separableThroughOrigin(x, alternating));
    }

    @Test
    void inputScaleMultipliesTheSamePoints() throws Exception {
        DataSplits scaled = load(linear, Map.of(), 9);
        DataSplits raw = load(linear, Map.of("inputScale", 1.0), 9);

        double[][] a = inputs(scaled.test());
        double[][] b = inputs(raw.test());
        for (int k = 0; k < a.length; k++) {
            assertEquals(b[k][0] / 255, a[k][0], 1e-17);
            assertEquals(b[k][1] / 255, a[k][1], 1e-17);
        }
        assertArrayEquals(labels(raw.test()), labels(scaled.test()));
        assertNotEquals(raw.contentHash(), scaled.contentHash());
    }

    @Test
    void testSplitIsTheLastPointsAfterTheTrainingOnes() throws Exception {
        DataSplits first900 = load(linear, Map.of(), 5);
        DataSplits first500 = load(linear, Map.of("trainPoints", 500), 5);

        double[][] all = concat(inputs(first900.train()), inputs(first900.test()));
        double[][] test500 = inputs(first500.test());
        assertEquals(500, test500.length);
        for (int k = 0; k < 500; k++) {
            assertArrayEquals(all[500 + k], test500[k]);
        }
    }

    @Test
    void equalSeedsGiveEqualDataAndOtherSeedsOtherData() throws Exception {
        DataSplits a = load(linear, Map.of(), 17);
        DataSplits b = load(linear, Map.of(), 17);
        DataSplits c = load(linear, Map.of(), 18);

        assertEquals(a.contentHash(), b.contentHash());
        assertArrayEquals(inputs(a.train()), inputs(b.train()));
        assertArrayEquals(labels(a.test()), labels(b.test()));
        assertNotEquals(a.contentHash(), c.contentHash());
        assertFalse(java.util.Arrays.deepEquals(inputs(a.train()), inputs(c.train())));
        assertTrue(a.contentHash().matches("[0-9a-f]{64}"));
    }

    @Test
    void trainPointsMustLeaveATestSplit() {
        DataException e = assertThrows(DataException.class,
                () -> load(linear, Map.of("points", 100, "trainPoints", 100), 1));

        assertTrue(e.getMessage().contains("'trainPoints' = 100"), e.getMessage());
        assertTrue(e.getMessage().contains("less than points"), e.getMessage());
    }

    @Test
    void inputScaleDefaultIsTheAuthorsQuirkAndSaysSo() {
        Parameters defaults = Parameters.defaults(linear.parameters());
        assertEquals(1.0 / 255, defaults.getDouble("inputScale"));
        assertEquals(1000, defaults.getInt("points"));
        assertEquals(900, defaults.getInt("trainPoints"));
        for (ParameterDescriptor p : linear.parameters()) {
            assertFalse(p.description().isBlank(), p.name());
            if (p.name().equals("inputScale")) {
                assertTrue(p.description().contains("Q8") && p.description().contains("quirk"), p.description());
            }
        }
    }

    static double[][] concat(double[][] a, double[][] b) {
        double[][] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package org.engram.dataset.synthetic;

import static org.engram.dataset.synthetic.Points.inputs;
import static org.engram.dataset.synthetic.Points.labels;
import static org.engram.dataset.synthetic.Points.load;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.param.ParameterDescriptor;
import org.junit.jupiter.api.Test;

/** The 2021 toy sets, linear-2021 and tanh-2021 (spec §5.3). */
class Toy2021DatasetTest {

    @Test
    void linearHas100RawPointsTestedOnThemselves() throws Exception {
        DataSplits data = load(new Linear2021Dataset(), Map.of(), 42);

        assertEquals(100, data.train().size());
        assertSame(data.train(), data.test());
        assertEquals("linear-2021[points=100,test=train]", data.id());
        assertEquals(2, data.classes());
        assertArrayEquals(new int[] {2}, data.inputShape());
        for (double[] p : inputs(data.train())) {
            assertTrue(Math.abs(p[0]) <= 1 && Math.abs(p[1]) <= 1, "raw inputs lie in [-1, 1]^2");
        }
    }

    @Test
    void linearBoundaryHasNonNegativeWeightsThroughTheOrigin() throws Exception {
        for (long seed = 0; seed < 5; seed++) {
            DataSplits data = load(new Linear2021Dataset(), Map.of("points", 300), seed);
            double[][] x = inputs(data.train());
            int[] y = labels(data.train());

            assertTrue(Points.separableThroughOrigin(x, y), "seed " + seed);
            // w in [0,1)^2: the positive quadrant is all class 1, the negative one all class 0
            for (int k = 0; k < x.length; k++) {
                if (x[k][0] > 0 && x[k][1] > 0) {
                    assertEquals(1, y[k], "seed " + seed + " point " + k);
                }
                if (x[k][0] < 0 && x[k][1] < 0) {
                    assertEquals(0, y[k], "seed " + seed + " point " + k);
                }
            }
        }
    }

    @Test
    void tanhLabelsFollowTheCurvedBoundary() throws Exception {
        DataSplits data = load(new Tanh2021Dataset(), Map.of("points", 500), 42);
        double[][] x = inputs(data.train());
        int[] y = labels(data.train());

        assertEquals("tanh-2021[points=500,test=train]", data.id());
        for (int k = 0; k < x.length; k++) {
            assertEquals(Math.tanh(3 * x[k][0]) > x[k][1] ? 1 : 0, y[k], "point " + k);
        }
        int ones = Points.count(y, 1);
        // the curve is odd, so it halves the square
        assertTrue(ones > 200 && ones < 300, ones + " of 500 in class 1");
        assertFalse(Points.separableThroughOrigin(x, y), "the tanh task is not a half-plane");
    }

    @Test
    void testPointsAddAHeldOutSplitWithoutChangingTheTrainingPoints() throws Exception {
        for (Dataset dataset : new Dataset[] {new Linear2021Dataset(), new Tanh2021Dataset()}) {
            DataSplits alone = load(dataset, Map.of(), 7);
            DataSplits withTest = load(dataset, Map.of("testPoints", 50), 7);

            assertEquals(50, withTest.test().size());
            assertArrayEquals(inputs(alone.train()), inputs(withTest.train()));
            assertArrayEquals(labels(alone.train()), labels(withTest.train()));
            assertFalse(java.util.Arrays.deepEquals(inputs(withTest.train()), inputs(withTest.test())));
            assertTrue(withTest.id().endsWith("[points=100,testPoints=50]"), withTest.id());
        }
    }

    @Test
    void equalSeedsGiveEqualDataAndOtherSeedsOtherData() throws Exception {
        for (Dataset dataset : new Dataset[] {new Linear2021Dataset(), new Tanh2021Dataset()}) {
            DataSplits a = load(dataset, Map.of(), 17);
            DataSplits b = load(dataset, Map.of(), 17);
            DataSplits c = load(dataset, Map.of(), 18);

            assertEquals(a.contentHash(), b.contentHash());
            assertArrayEquals(inputs(a.train()), inputs(b.train()));
            assertNotEquals(a.contentHash(), c.contentHash());
            assertFalse(java.util.Arrays.deepEquals(inputs(a.train()), inputs(c.train())));
        }
    }

    @Test
    void everyParameterIsDescribed() {
        for (Dataset dataset : new Dataset[] {new Linear2021Dataset(), new Tanh2021Dataset()}) {
            for (ParameterDescriptor p : dataset.parameters()) {
                assertFalse(p.description().isBlank(), p.name());
            }
            assertFalse(dataset.description().isBlank());
        }
    }
}

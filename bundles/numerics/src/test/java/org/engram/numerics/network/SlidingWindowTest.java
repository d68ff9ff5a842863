package org.engram.numerics.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlidingWindowTest {

    @Test
    void keepsLastNSamplesOldestFirstWithOneHotTargets() {
        SlidingWindow w = new SlidingWindow(3, 2, 4);
        for (int i = 0; i < 5; i++) {
            w.push(new double[] {i, -i}, i % 4, 1);
            assertEquals(i >= 2, w.isFull());
        }
        assertArrayEquals(new double[] {2, -2, 3, -3, 4, -4}, w.inputs());
        assertArrayEquals(new int[] {2, 3, 0}, w.labels());
        assertArrayEquals(new double[] {0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0}, w.targets());
        assertEquals(4, w.step());
        w.clear();
        assertFalse(w.isFull());
    }

    @Test
    void rejectsLabelOutsideClasses() {
        SlidingWindow w = new SlidingWindow(2, 1, 2);
        assertThrows(IllegalArgumentException.class, () -> w.push(new double[] {0}, 2, 1));
        assertTrue(w.length() == 2);
    }

    @Test
    void resumedWindowStartsEmptyAndCountsOnFromTheGivenPosition() {
        SlidingWindow w = new SlidingWindow(2, 1, 2);
        w.push(new double[] {1}, 0, 1);
        w.push(new double[] {2}, 1, 1);
        w.resumeAfter(41);
        assertFalse(w.isFull());
        assertEquals(41, w.step());
        w.push(new double[] {3}, 0, 3);
        assertEquals(42, w.step());
        assertEquals(3, w.epoch());
        assertThrows(IllegalArgumentException.class, () -> w.resumeAfter(-2));
    }
}

package org.engram.memory.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Window;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;

class WindowMemoryTest {

    /** A window of fixed arrays. */
    private record FixedWindow(int length, int inputSize, int classes, double[] inputs, int[] labels, double[] targets)
            implements Window {
        @Override
        public int epoch() {
            return 1;
        }

        @Override
        public long step() {
            return 0;
        }
    }

    /** Its exact signal depends on the layer, the window's inputs and labels and the activity, so any shortcut shows. */
    private static final class RecordingTask implements MemoryTask {
        int calls;

        @Override
        public int layers() {
            return 2;
        }

        @Override
        public int signalSize(int layer) {
            return layer + 2;
        }

        @Override
        public int windowLength() {
            return 3;
        }

        @Override
        public void exactSignal(int layer, Window window, double[] activity, double[] out) {
            calls++;
            int d = signalSize(layer);
            for (int i = 0; i < d; i++) {
                out[i] = 10 * layer + window.inputs()[i % window.inputs().length] * window.labels()[2]
                        + activity[(window.length() - 1) * d + i];
            }
        }
    }

    private static FixedWindow window(int length) {
        double[] x = new double[length * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.5 * i - 1;
        }
        int[] labels = new int[length];
        labels[length - 1] = 1;
        return new FixedWindow(length, 2, 2, x, labels, new double[length * 2]);
    }

    @Test
    void signalIsTheTasksExactSignalForEveryLayer() {
        RecordingTask task = new RecordingTask();
        Memory memory = new WindowMemory().create(task, Parameters.defaults(List.of()), null);
        FixedWindow w = window(3);
        for (int layer = 0; layer < 2; layer++) {
            int d = task.signalSize(layer);
            double[] activity = new double[3 * d];
            for (int i = 0; i < activity.length; i++) {
                activity[i] = Math.sin(i + layer);
            }
            double[] expected = new double[d];
            task.exactSignal(layer, w, activity, expected);
            double[] out = new double[d];
            memory.signal(layer, w, activity, out);
            assertArrayEquals(expected, out, 0.0);
        }
        assertEquals(4, task.calls);
        memory.setLearning(false); // nothing to freeze, but allowed
    }

    @Test
    void refusesAWindowShorterThanTheTaskNeeds() {
        Memory memory = new WindowMemory().create(new RecordingTask(), Parameters.defaults(List.of()), null);
        assertThrows(IllegalArgumentException.class, () -> memory.signal(0, window(2), new double[4], new double[2]));
    }

    @Test
    void hasNoParameters() {
        WindowMemory plugin = new WindowMemory();
        assertTrue(plugin.parameters().isEmpty());
        assertTrue(plugin.description().contains("exact"));
    }

    @Test
    void itsCheckpointIsEmptyBecauseItKeepsNothingBetweenCalls() throws Exception {
        Memory memory = new WindowMemory().create(new RecordingTask(), Parameters.defaults(List.of()), null);
        assertEquals(0, org.engram.testkit.Checkpoints.save((org.engram.api.Checkpointable) memory).length);
    }
}

package org.engram.memory.lstm;

import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Window;

/** A pure memory target: the activity of the sample {@code delay} steps before the current one. */
final class DelayTask implements MemoryTask {
    private final int delay;
    private final int size;

    DelayTask(int delay, int size) {
        this.delay = delay;
        this.size = size;
    }

    @Override
    public int layers() {
        return 1;
    }

    @Override
    public int signalSize(int layer) {
        return size;
    }

    @Override
    public int windowLength() {
        return delay + 1;
    }

    @Override
    public void exactSignal(int layer, Window window, double[] activity, double[] out) {
        int row = window.length() - 1 - delay;
        System.arraycopy(activity, row * size, out, 0, size);
    }
}

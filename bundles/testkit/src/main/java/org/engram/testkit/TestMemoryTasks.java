package org.engram.testkit;

import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Window;
import org.engram.numerics.hsic.Modulator;
import org.engram.numerics.hsic.ModulatorVariant;
import org.engram.numerics.hsic.WindowKernels;

/** Memory tasks that stand in for a rule when a working memory is tested on its own. */
public final class TestMemoryTasks {

    private TestMemoryTasks() {
    }

    /**
     * One signal per layer of the given sizes; each layer's exact signal weighs each window row's activity by
     * whether the row has the current label (+1) or not (−1), averaged over the rows: cheap, and it depends
     * on the whole window, so a memory must hold the past to produce it.
     */
    public static MemoryTask labelWeighted(int windowLength, int... sizes) {
        int[] widths = sizes.clone();
        return new Task(widths, windowLength) {
            @Override
            public void exactSignal(int layer, Window window, double[] activity, double[] out) {
                int n = window.length();
                int d = widths[layer];
                int[] labels = window.labels();
                int current = labels[n - 1];
                for (int j = 0; j < d; j++) {
                    double sum = 0;
                    for (int r = 0; r < n; r++) {
                        sum += (labels[r] == current ? 1 : -1) * activity[r * d + j];
                    }
                    out[j] = sum / n;
                }
            }
        };
    }

    /** A pure memory target, one layer: the activity of the sample {@code delay} steps before the current one. */
    public static MemoryTask delay(int delay, int size) {
        return new Task(new int[] {size}, delay + 1) {
            @Override
            public void exactSignal(int layer, Window window, double[] activity, double[] out) {
                int row = window.length() - 1 - delay;
                System.arraycopy(activity, row * size, out, 0, size);
            }
        };
    }

    /** One layer's modulatory signal ξ as the IB-Hebbian rule defines it (spec §2.4), with the given kernels. */
    public static MemoryTask modulator(int window, int size, ModulatorVariant variant, double gamma, double sigmaX,
            double sigmaY, double sigmaZ) {
        WindowKernels kernels = new WindowKernels(window, sigmaX, sigmaY);
        Modulator modulator = new Modulator(window, size);
        return new Task(new int[] {size}, window) {
            @Override
            public void exactSignal(int layer, Window w, double[] activity, double[] out) {
                kernels.update(w);
                modulator.signal(variant, kernels, gamma, activity, sigmaZ, out);
            }
        };
    }

    /** The target of the Frontiers reservoir experiment (spec §3.4: variant F, γ = 2, σ = 0.5 for all three kernels). */
    public static MemoryTask frontiersExperiment(int window, int size) {
        return modulator(window, size, ModulatorVariant.FRONTIERS_RELEASED, 2.0, 0.5, 0.5, 0.5);
    }

    /**
     * One signal per layer of the given sizes: the current sample's activity scaled by 0.1. The simplest target a
     * memory can be asked for; with {@link #counted} a test sees when a memory computes it and when it does not.
     */
    public static MemoryTask scaledCurrent(int windowLength, int... sizes) {
        int[] widths = sizes.clone();
        return new Task(widths, windowLength) {
            @Override
            public void exactSignal(int layer, Window window, double[] activity, double[] out) {
                int d = widths[layer];
                for (int k = 0; k < d; k++) {
                    out[k] = 0.1 * activity[(window.length() - 1) * d + k];
                }
            }
        };
    }

    /** {@code task}, counting its exact-signal requests: e.g. to check that a memory asks once per step, or never. */
    public static Counted counted(MemoryTask task) {
        return new Counted(task);
    }

    /** A memory task that passes every call on to another and counts the {@link #exactSignal} requests. */
    public static final class Counted implements MemoryTask {
        private final MemoryTask task;
        private int calls;

        private Counted(MemoryTask task) {
            this.task = task;
        }

        /** How many times {@link #exactSignal} has been called. */
        public int calls() {
            return calls;
        }

        @Override
        public int layers() {
            return task.layers();
        }

        @Override
        public int signalSize(int layer) {
            return task.signalSize(layer);
        }

        @Override
        public int windowLength() {
            return task.windowLength();
        }

        @Override
        public void exactSignal(int layer, Window window, double[] activity, double[] out) {
            calls++;
            task.exactSignal(layer, window, activity, out);
        }
    }

    private abstract static class Task implements MemoryTask {
        private final int[] sizes;
        private final int windowLength;

        Task(int[] sizes, int windowLength) {
            this.sizes = sizes;
            this.windowLength = windowLength;
        }

        @Override
        public int layers() {
            return sizes.length;
        }

        @Override
        public int signalSize(int layer) {
            return sizes[layer];
        }

        @Override
        public int windowLength() {
            return windowLength;
        }
    }
}

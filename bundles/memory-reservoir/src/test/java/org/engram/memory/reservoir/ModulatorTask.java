package org.engram.memory.reservoir;

import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Window;
import org.engram.numerics.hsic.Modulator;
import org.engram.numerics.hsic.ModulatorVariant;
import org.engram.numerics.hsic.WindowKernels;

/**
 * One layer's modulatory signal ξ as the IB-Hebbian rule defines it, the target of the reservoir experiment
 * (spec §3.4: variant F, γ = 2, σ = 0.5 for all three kernels).
 */
final class ModulatorTask implements MemoryTask {
    private final int window;
    private final int size;
    private final ModulatorVariant variant;
    private final double gamma;
    private final double sigmaZ;
    private final WindowKernels kernels;
    private final Modulator modulator;

    ModulatorTask(int window, int size, ModulatorVariant variant, double gamma, double sigmaX, double sigmaY, double sigmaZ) {
        this.window = window;
        this.size = size;
        this.variant = variant;
        this.gamma = gamma;
        this.sigmaZ = sigmaZ;
        this.kernels = new WindowKernels(window, sigmaX, sigmaY);
        this.modulator = new Modulator(window, size);
    }

    /** The Frontiers reservoir experiment's target for a window of {@code window} samples. */
    static ModulatorTask frontiersExperiment(int window, int size) {
        return new ModulatorTask(window, size, ModulatorVariant.FRONTIERS_RELEASED, 2.0, 0.5, 0.5, 0.5);
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
        return window;
    }

    @Override
    public void exactSignal(int layer, Window w, double[] activity, double[] out) {
        kernels.update(w);
        modulator.signal(variant, kernels, gamma, activity, sigmaZ, out);
    }
}

package org.engram.launcher.plugins;

import java.util.List;
import org.engram.api.TrialContext;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Layer;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;

/**
 * A third-party rule for the error catalogue, packaged on the fly as a plugin bundle: a delta rule on the output
 * layer that takes a modulatory signal from memory each step and, when asked by its parameters, throws or
 * writes NaN at a given epoch and window. Its component XML may also name {@link #failToActivate} or
 * {@link #failToDeactivate} as the component's lifecycle methods.
 */
public class TestRule implements LearningRule {

    public static final String THROWN = "TestRule thrown on purpose";

    public void failToActivate() {
        throw new IllegalStateException("TestRule activation fails on purpose");
    }

    public void failToDeactivate() {
        throw new IllegalStateException("TestRule deactivation fails on purpose");
    }

    @Override
    public String description() {
        return "delta rule for error tests: fault none, throw, nan, oom (out of memory), exit (System.exit(3)) or hang (a "
                + "step that never returns) at an epoch and window";
    }

    record Settings(
            @Parameter(defaultValue = "none", choices = {"none", "throw", "nan", "oom", "exit", "hang"},
                    description = "what goes wrong")
            String fault,
            @Parameter(defaultValue = "1", min = 1,
                    description = "the epoch it goes wrong in")
            int atEpoch,
            @Parameter(defaultValue = "1", min = 1,
                    description = "the window of that epoch it goes wrong at")
            int atWindow,
            @Parameter(defaultValue = "0.1", min = 0.0,
                    description = "step size (1)")
            double learningRate) {
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return ParameterSet.of(Settings.class).descriptors();
    }

    @Override
    public Learner create(Network network, Parameters p, TrialContext context) {
        return new DeltaLearner(network, p.getString("fault"), p.getInt("atEpoch"), p.getInt("atWindow"),
                p.getDouble("learningRate"), context);
    }

    /** The per-trial side. */
    static final class DeltaLearner implements Learner, MemoryTask {
        private final Network network;
        private final Layer out;
        private final String fault;
        private final int faultEpoch;
        private final int faultWindow;
        /** What the oom fault tries to keep. */
        private double[] oomBallast;
        private final double rate;
        private final Memory memory;
        private final double[] signal;
        private int epoch;
        private int window;

        DeltaLearner(Network network, String fault, int faultEpoch, int faultWindow, double rate, TrialContext context) {
            this.network = network;
            this.out = network.layer(network.layerCount() - 1);
            this.fault = fault;
            this.faultEpoch = faultEpoch;
            this.faultWindow = faultWindow;
            this.rate = rate;
            this.signal = new double[out.size()];
            this.memory = context.openMemory(this);
        }

        @Override
        public int windowLength() {
            return 2;
        }

        @Override
        public void learn(Window w) {
            if (w.epoch() != epoch) {
                epoch = w.epoch();
                window = 0;
            }
            window++;
            boolean now = epoch == faultEpoch && window == faultWindow;
            if (now && fault.equals("throw")) {
                throw new IllegalStateException(THROWN);
            }
            if (now && fault.equals("exit")) {
                System.exit(3);
            }
            if (now && fault.equals("hang")) {
                hang();
            }
            if (now && fault.equals("oom")) {
                // 16 GiB at once, more than the test's heap: an OutOfMemoryError that leaves the heap as it was
                oomBallast = new double[Integer.MAX_VALUE - 8];
            }
            network.forward(w.inputs(), w.length());
            memory.signal(0, w, out.activity(), signal);
            int c = out.size();
            int in = out.inputSize();
            int last = w.length() - 1;
            for (int k = 0; k < c; k++) {
                double error = network.output()[last * c + k] - w.targets()[last * c + k];
                out.bias()[k] -= rate * error;
                for (int j = 0; j < in; j++) {
                    out.weights()[k * in + j] -= rate * error * out.input()[last * in + j];
                }
            }
            if (now && fault.equals("nan")) {
                out.weights()[0] = Double.NaN;
            }
        }

        /** A learning step that never returns and ignores interrupts, as a plugin stuck in its own code does. */
        @SuppressWarnings("InfiniteLoopStatement")
        private static void hang() {
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // ignored on purpose
                }
            }
        }

        // ---- MemoryTask: the output layer's activity of the current sample --------------------------

        @Override
        public int layers() {
            return 1;
        }

        @Override
        public int signalSize(int layer) {
            return out.size();
        }

        @Override
        public void exactSignal(int layer, Window w, double[] activity, double[] o) {
            System.arraycopy(activity, activity.length - out.size(), o, 0, out.size());
        }
    }
}

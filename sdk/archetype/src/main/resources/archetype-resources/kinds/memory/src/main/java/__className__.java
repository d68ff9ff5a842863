package ${package};

import java.util.List;
import org.engram.api.EngramMemory;
import org.engram.api.TrialContext;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.network.Window;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * The working memory '${pluginName}'. As generated: the rule's exact signal, smoothed over time by an
 * exponential moving average, {@code s_t = ρ·s_(t-1) + (1 - ρ)·ξ*_t}, a memory that lags behind the
 * stream. A learned memory instead takes only the current row of the window as its input and uses
 * {@link MemoryTask#exactSignal} as the teacher of its readout while learning is on.
 */
@Component(service = WorkingMemory.class)
@EngramMemory("${pluginName}")
public final class ${className} implements WorkingMemory {

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "0.5", min = 0.0, max = 0.999,
                    description = "ρ, the share of the previous signal kept each step (dimensionless); 0 gives the exact signal")
            double retention) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public String description() {
        return "exact signal smoothed by a moving average (generated example)";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public Memory create(MemoryTask task, Parameters parameters, TrialContext context) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        return new Smoothed(task, settings.retention());
    }

    /** One trial's memory: per layer the running average and a buffer for the exact signal, sized once. */
    static final class Smoothed implements Memory {
        private final MemoryTask task;
        private final double retention;
        private final double[][] average;
        private final double[][] exact;
        private final boolean[] started;

        Smoothed(MemoryTask task, double retention) {
            this.task = task;
            this.retention = retention;
            int layers = task.layers();
            average = new double[layers][];
            exact = new double[layers][];
            started = new boolean[layers];
            for (int l = 0; l < layers; l++) {
                average[l] = new double[task.signalSize(l)];
                exact[l] = new double[task.signalSize(l)];
            }
        }

        @Override
        public void signal(int layer, Window window, double[] activity, double[] out) {
            double[] now = exact[layer];
            double[] s = average[layer];
            task.exactSignal(layer, window, activity, now);
            // the first signal has no past to average with
            double keep = started[layer] ? retention : 0;
            started[layer] = true;
            for (int j = 0; j < s.length; j++) {
                s[j] = keep * s[j] + (1 - keep) * now[j];
                out[j] = s[j];
            }
        }
    }
}

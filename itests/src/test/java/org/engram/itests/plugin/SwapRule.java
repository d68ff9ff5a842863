package org.engram.itests.plugin;

import java.util.List;
import java.util.Map;
import org.engram.api.TrialContext;
import org.engram.api.network.Network;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;

/**
 * A third-party rule that HotSwapSoakIT installs in two versions and swaps while trials run. The
 * version shows in every epoch: the learner reports the marker of the bundle revision that created it
 * (a component property) and, when asked, the marker read from that revision's own resource.
 */
public class SwapRule implements LearningRule {

    /** The component property that holds this revision's marker: 1 or 2. */
    public static final String MARKER_PROPERTY = "swap.marker";
    /** The resource, in the rule's bundle, that holds the same marker as text. */
    public static final String MARKER_RESOURCE = "swap-marker.txt";
    /** Mean over an epoch of the marker of the code that learned: constant per version. */
    public static final String MARKER_METRIC = "swap.marker";
    /** Mean over an epoch of the marker read from the bundle's resource at the epoch's end. */
    public static final String RESOURCE_METRIC = "swap.resource";

    static final String RATE = "rate";
    static final String PAUSE = "pauseMillis";
    static final String TOUCH = "touchBundle";

    /** Every class the rule's bundle must carry. */
    public static final List<Class<?>> CLASSES = List.of(SwapRule.class, Settings.class, SwapLearner.class);

    private volatile double marker = Double.NaN;

    public void activate(Map<String, Object> properties) {
        marker = Double.parseDouble(String.valueOf(properties.get(MARKER_PROPERTY)));
    }

    @Override
    public String description() {
        return "hot-swap soak test rule, marker " + marker;
    }

    record Settings(
            @Parameter(defaultValue = "0.05", min = 0.0, max = 1.0,
                    description = "step size of the delta rule on the output layer (per sample, dimensionless)")
            double rate,
            @Parameter(defaultValue = "0", min = 0, max = 1_000,
                    description = "milliseconds to sleep at the end of each epoch, so that a trial outlives many swaps")
            int pauseMillis,
            @Parameter(defaultValue = "false",
                    description = "read the marker resource from the rule's own bundle at the end of each epoch, "
                        + "so that the trial uses its bundle revision after it may have been refreshed away")
            boolean touchBundle) {
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return ParameterSet.of(Settings.class).descriptors();
    }

    @Override
    public Learner create(Network network, Parameters parameters, TrialContext context) {
        return new SwapLearner(network, parameters.getDouble(RATE), parameters.getInt(PAUSE),
                parameters.getBoolean(TOUCH), marker, context);
    }
}

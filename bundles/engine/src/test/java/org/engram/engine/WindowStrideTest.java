package org.engram.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.engram.api.PluginKind;
import org.engram.api.TrialContext;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialSpec;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
import org.junit.jupiter.api.Test;

/** Which samples a learner sees: sliding windows with stride 1, disjoint minibatches with stride N. */
class WindowStrideTest {

    /** Records the stream position of each window's current sample. */
    static final class Recording implements LearningRule {
        final List<Long> steps = new ArrayList<>();

        public Learner create(Network net, Parameters p, TrialContext ctx) {
            int n = p.getInt("window");
            int stride = p.getInt("stride");
            return new Learner() {
                public int windowLength() {
                    return n;
                }

                public int stride() {
                    return stride;
                }

                public void learn(Window w) {
                    steps.add(w.step());
                }
            };
        }

        public String description() {
            return "records windows";
        }

        record Settings(
                @Parameter(defaultValue = "4", min = 1,
                        description = "N")
                int window,
                @Parameter(defaultValue = "1", min = 1,
                        description = "samples per step")
                int stride) {
        }

        public List<ParameterDescriptor> parameters() {
            return ParameterSet.of(Settings.class).descriptors();
        }
    }

    private static List<Long> stepsSeen(int window, int stride) throws Exception {
        EngineComponent e = EngineComponentTest.engine();
        Recording rule = new Recording();
        e.register(PluginKind.RULE, "recording", rule, 99);
        e.run(new TrialSpec("t", "blobs", Map.of("points", 20), List.of(new LayerSpec(2, "identity", Map.of())),
                "recording", Map.of("window", window, "stride", stride), null, null, null, null, 1, 1, 0, 0),
                TrialListener.NONE);
        return rule.steps;
    }

    @Test
    void slidingWindowLearnsOnEverySampleOnceTheWindowIsFull() throws Exception {
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L), stepsSeen(4, 1));
    }

    @Test
    void minibatchesAreTheDisjointBlocksOfTheStream() throws Exception {
        // 20 samples in blocks of 4: the current samples are the 4th, 8th, ..., 20th
        assertEquals(List.of(3L, 7L, 11L, 15L, 19L), stepsSeen(4, 4));
        // 20 samples in blocks of 6: three full blocks, the last 2 samples are left over
        assertEquals(List.of(5L, 11L, 17L), stepsSeen(6, 6));
    }
}

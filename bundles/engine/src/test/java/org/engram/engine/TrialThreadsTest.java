package org.engram.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.engram.api.PluginKind;
import org.engram.api.TrialContext;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.engine.TrialCheckpoints;
import org.engram.api.engine.TrialFailedException;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.network.Network;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
import org.junit.jupiter.api.Test;

/** Each trial computes on a view of its backend made for it, with the threads its runner offers, closed at its end. */
class TrialThreadsTest {

    /** The naive backend, whose views record what they were made with and whether they were closed. */
    private static final class ViewingBackend extends ForwardingBackend {
        final List<View> views = new ArrayList<>();

        ViewingBackend() {
            super(new NaiveBackend());
        }

        @Override
        public ComputeBackend forTrial(Parameters parameters, int threads) {
            View view = new View(threads);
            views.add(view);
            return view;
        }
    }

    private static final class View extends ForwardingBackend {
        final int offered;
        int closed;

        View(int offered) {
            super(new NaiveBackend());
            this.offered = offered;
        }

        @Override
        public int threads() {
            return offered;
        }

        @Override
        public void close() {
            closed++;
        }
    }

    /** The delta rule, remembering the backend its context gave it. */
    private static final class SeeingRule implements LearningRule {
        private final LearningRule delta = new EngineComponentTest.Delta();
        ComputeBackend seen;
        boolean fail;

        @Override
        public Learner create(Network network, Parameters parameters, TrialContext context) {
            seen = context.backend();
            if (fail) {
                throw new IllegalStateException("the rule fails");
            }
            return delta.create(network, parameters, context);
        }

        @Override
        public String description() {
            return delta.description();
        }

        @Override
        public List<ParameterDescriptor> parameters() {
            return delta.parameters();
        }
    }

    @Test
    void theTrialRunsOnAViewWithTheOfferedThreadsAndClosesIt() throws Exception {
        EngineComponent engine = EngineComponentTest.engine();
        ViewingBackend backend = new ViewingBackend();
        SeeingRule rule = new SeeingRule();
        engine.register(PluginKind.BACKEND, "viewing", backend, 20);
        engine.register(PluginKind.RULE, "seeing", rule, 21);
        TrialResult result = engine.run(spec(), TrialListener.NONE, TrialCheckpoints.NONE, 2);
        assertEquals(1, backend.views.size());
        View view = backend.views.get(0);
        assertEquals(2, view.offered);
        assertSame(view, rule.seen, "the context gives the rule the trial's view");
        assertEquals(1, view.closed);
        assertEquals("2", result.provenance().get("threads"));
    }

    @Test
    void theViewIsClosedWhenTheTrialFailsAndOneThreadIsTheDefault() {
        EngineComponent engine = EngineComponentTest.engine();
        ViewingBackend backend = new ViewingBackend();
        SeeingRule rule = new SeeingRule();
        rule.fail = true;
        engine.register(PluginKind.BACKEND, "viewing", backend, 20);
        engine.register(PluginKind.RULE, "seeing", rule, 21);
        assertThrows(TrialFailedException.class, () -> engine.run(spec(), TrialListener.NONE));
        assertEquals(1, backend.views.size());
        assertEquals(1, backend.views.get(0).offered, "the three-argument run offers one thread");
        assertEquals(1, backend.views.get(0).closed);
    }

    @Test
    void aBackendWithoutViewsIsNeverClosed() throws Exception {
        EngineComponent engine = EngineComponentTest.engine();
        int[] closed = new int[1];
        ComputeBackend plain = new ForwardingBackend(new NaiveBackend()) {
            @Override
            public void close() {
                closed[0]++;
            }
        };
        engine.register(PluginKind.BACKEND, "viewing", plain, 20);
        engine.register(PluginKind.RULE, "seeing", new SeeingRule(), 21);
        TrialResult result = engine.run(spec(), TrialListener.NONE, TrialCheckpoints.NONE, 2);
        assertEquals(0, closed[0], "the service's close is not the trial's to call");
        assertEquals("1", result.provenance().get("threads"));
    }

    @Test
    void aBackendThatCannotSetUpTheTrialFailsThatTrialNamingTheBackendAndTheCause() {
        EngineComponent engine = EngineComponentTest.engine();
        ComputeBackend refusing = new ForwardingBackend(new NaiveBackend()) {
            @Override
            public ComputeBackend forTrial(Parameters parameters, int threads) {
                throw new IllegalStateException("cannot start 2 threads");
            }
        };
        engine.register(PluginKind.BACKEND, "viewing", refusing, 20);
        engine.register(PluginKind.RULE, "seeing", new SeeingRule(), 21);
        TrialFailedException failure = assertThrows(TrialFailedException.class,
                () -> engine.run(spec(), TrialListener.NONE, TrialCheckpoints.NONE, 2));
        assertTrue(failure.getMessage().contains("could not set up for the trial: java.lang.IllegalStateException: "
                + "cannot start 2 threads"), failure.getMessage());
        assertTrue(failure.getMessage().contains("backend viewing"), failure.getMessage());
    }

    private static TrialSpec spec() {
        TrialSpec base = EngineComponentTest.spec("seeing", Map.of(), 2, 1, 42);
        return new TrialSpec(base.name(), base.dataset(), base.datasetParameters(), base.layers(),
                base.rule(), base.ruleParameters(), base.memory(), base.memoryParameters(), "viewing", Map.of(), base.seed(),
                base.epochs(), base.trainLimit(), base.testLimit());
    }
}

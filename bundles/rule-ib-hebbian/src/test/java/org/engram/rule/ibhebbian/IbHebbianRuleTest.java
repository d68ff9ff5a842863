package org.engram.rule.ibhebbian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.numerics.hsic.ModulatorVariant;
import org.engram.numerics.optim.OptimizerSettings;
import org.junit.jupiter.api.Test;

class IbHebbianRuleTest {

    @Test
    void defaultsAreThePublishedMnistRun() {
        IbHebbianSettings s = IbHebbianSettings.PARAMETERS.read(Parameters.defaults(new IbHebbianRule().parameters()));
        assertEquals(8, s.window());
        assertEquals(2.0, s.gamma());
        assertEquals(0.5, s.sigmaX());
        assertEquals(0.1, s.sigmaY());
        assertEquals(1.0, s.sigmaZ());
        assertEquals(ModulatorVariant.FRONTIERS_RELEASED, s.variant());
        assertEquals(PastActivity.RECOMPUTE, s.pastActivity());
        assertEquals(OptimizerSettings.Kind.ADAMW, s.optimizer().kind());
        assertEquals(1e-4, s.optimizer().learningRate());
        assertEquals(0.99, s.optimizer().beta2());
        assertEquals(1e-4, s.optimizer().weightDecay());
    }

    @Test
    void everyParameterSaysWhatItMeans() {
        for (ParameterDescriptor d : new IbHebbianRule().parameters()) {
            assertFalse(d.description().isBlank(), d.name());
        }
        assertFalse(new IbHebbianRule().description().isBlank());
    }

    @Test
    void rejectsWindowsTooShortForHsicAndNonPositiveBandwidths() {
        var descriptors = new IbHebbianRule().parameters();
        assertThrows(IllegalArgumentException.class, () -> Parameters.resolve("rule", descriptors, Map.of("window", 1)));
        assertThrows(IllegalArgumentException.class, () -> Parameters.resolve("rule", descriptors, Map.of("sigmaZ", 0.0)));
        assertThrows(IllegalArgumentException.class, () -> Parameters.resolve("rule", descriptors, Map.of("variant", "F")));
        assertEquals(PastActivity.STORED,
                IbHebbianSettings.PARAMETERS.read(Parameters.resolve("rule", descriptors, Map.of("pastActivity", "stored"))).pastActivity());
    }
}

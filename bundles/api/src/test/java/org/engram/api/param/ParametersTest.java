package org.engram.api.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParametersTest {

    record Settings(@Parameter(defaultValue = "8", min = 1, description = "samples") int window,
            @Parameter(defaultValue = "2.0", min = 0, description = "weight") double gamma,
            @Parameter(defaultValue = "0.5", min = 0, description = "width") double sigma) {
    }

    private static final List<ParameterDescriptor> DESCRIPTORS = ParameterSet.of(Settings.class).descriptors();

    @Test
    void resolvedValuesFollowDeclarationOrderWhateverOrderTheyWereGivenIn() {
        Map<String, Object> forwards = new LinkedHashMap<>();
        forwards.put("sigma", 1.0);
        forwards.put("window", 4);
        Map<String, Object> backwards = new LinkedHashMap<>();
        backwards.put("window", 4);
        backwards.put("sigma", 1.0);
        Parameters a = Parameters.resolve("rule", DESCRIPTORS, forwards);
        Parameters b = Parameters.resolve("rule", DESCRIPTORS, backwards);
        assertEquals(List.of("window", "gamma", "sigma"), List.copyOf(a.asMap().keySet()));
        // provenance and checkpoint fingerprints print the resolved map: the text must not depend on input order
        assertEquals(a.toString(), b.toString());
        assertEquals(4L, a.asMap().get("window"));
        assertEquals(2.0, a.asMap().get("gamma"));
    }

    @Test
    void unknownParametersAreReportedInNameOrder() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("zeta", 1);
        given.put("alpha", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parameters.resolve("rule 'x'", DESCRIPTORS, given));
        assertEquals(true, e.getMessage().indexOf("'alpha'") < e.getMessage().indexOf("'zeta'"), e.getMessage());
    }
}

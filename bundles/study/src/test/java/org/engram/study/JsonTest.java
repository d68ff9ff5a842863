package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedMapsAndListsIndentedInTheMapsOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", List.of(1.5, true, "x"));
        m.put("empty", Map.of());
        m.put("none", Arrays.asList((Object) null));
        assertEquals("""
                {
                  "z": 1,
                  "a": [
                    1.5,
                    true,
                    "x"
                  ],
                  "empty": {},
                  "none": [
                    null
                  ]
                }
                """, Json.write(m));
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001\"\n", Json.write("a\"b\\c\nd\te\u0001"));
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertEquals("[\n  null,\n  null,\n  1.0E-5\n]\n", Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, 1e-5)));
    }
}

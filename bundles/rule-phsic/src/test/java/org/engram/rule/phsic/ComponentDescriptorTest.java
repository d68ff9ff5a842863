package org.engram.rule.phsic;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Declarative Services descriptor bnd generates from the annotations is what the engine looks for. */
class ComponentDescriptorTest {

    @Test
    void ruleIsRegisteredAsLearningRuleNamedPhsic() throws IOException {
        String className = PhsicRule.class.getName();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("OSGI-INF/" + className + ".xml")) {
            assertNotNull(in, "no DS descriptor for " + className);
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("<property name=\"engram.rule\" type=\"String\" value=\"phsic\"/>"), xml);
            assertTrue(xml.contains("<provide interface=\"org.engram.api.rule.LearningRule\"/>"), xml);
            assertTrue(xml.contains("<implementation class=\"" + className + "\"/>"), xml);
        }
    }
}

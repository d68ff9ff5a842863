package org.engram.neuron.rate;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bnd turns {@code @Component} + {@code @EngramNeuron} into DS descriptors; the engine finds plugins by them. */
class ComponentDescriptorTest {

    @ParameterizedTest
    @CsvSource({"ReluLayerNormNeuron, relu-layernorm", "TanhNeuron, tanh", "LinearNeuron, linear", "ReluNeuron, relu"})
    void componentIsANeuronModelNamedForTheEngine(String simpleName, String neuronName) throws IOException {
        String className = "org.engram.neuron.rate." + simpleName;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("OSGI-INF/" + className + ".xml")) {
            assertNotNull(in, "no DS descriptor for " + className);
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("<property name=\"engram.neuron\" type=\"String\" value=\"" + neuronName + "\"/>"), xml);
            assertTrue(xml.contains("<provide interface=\"org.engram.api.neuron.NeuronModel\"/>"), xml);
            assertTrue(xml.contains("<implementation class=\"" + className + "\"/>"), xml);
        }
    }
}

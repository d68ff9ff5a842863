package org.engram.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.engram.api.rule.LearningRule;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.Logger;

/**
 * A plugin service without its name property is left out with a warning: to the log service's logger when there is
 * one, else one line on stderr.
 */
class UnnamedPluginWarningTest {

    private static final String WARNING = "ignoring a rule service without the 'engram.rule' property from bundle "
            + "test.unnamed";

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    /** The log service's logger as the component gets it, recording its warnings; anything else it is asked fails. */
    private Logger recordingLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("warn") && args.length == 1 && args[0] instanceof String message) {
                        warnings.add(message);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A rule service from bundle {@code test.unnamed} with a service id but no {@code engram.rule} property. */
    @SuppressWarnings("unchecked")
    private static ServiceReference<LearningRule> unnamed() {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> "test.unnamed";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Map<String, Object> properties = Map.of(Constants.SERVICE_ID, 41L);
        return (ServiceReference<LearningRule>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getBundle" -> bundle;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String stderrOf(Runnable action) {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(before);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnnamedPluginIsAWarningToTheLoggerAndLeftOut() {
        EngineComponent engine = new EngineComponent();
        engine.logger = recordingLogger();

        String stderr = stderrOf(() -> engine.bindRule(new EngineComponentTest.Delta(), unnamed()));

        assertEquals(List.of(WARNING), warnings);
        assertEquals("", stderr);
        assertTrue(engine.plugins().isEmpty(), "left out");
    }

    @Test
    void withoutALogServiceAnUnnamedPluginIsOneLineOnStderr() {
        EngineComponent engine = new EngineComponent();

        String stderr = stderrOf(() -> engine.bindRule(new EngineComponentTest.Delta(), unnamed()));

        assertEquals("engram: " + WARNING + System.lineSeparator(), stderr);
        assertTrue(engine.plugins().isEmpty(), "left out");
    }
}

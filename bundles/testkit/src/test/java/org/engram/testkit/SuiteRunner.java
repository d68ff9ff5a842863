package org.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Set;
import java.util.TreeSet;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** Runs one suite class on the Jupiter engine, as a build would, and reports which checks failed. */
final class SuiteRunner {

    private SuiteRunner() {
    }

    /** Asserts that exactly {@code expected} (method names) of the suite's checks fail and the rest pass. */
    static void assertFailures(Class<?> suite, String... expected) {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(suite)).execute().testEvents();
        Set<String> failed = new TreeSet<>();
        tests.failed().stream().map(SuiteRunner::method).forEach(failed::add);
        assertEquals(new TreeSet<>(Set.of(expected)), failed, suite.getSimpleName() + ": the failing checks");
        assertEquals(0, tests.skipped().count() + tests.aborted().count(), suite.getSimpleName() + ": skipped or aborted checks");
        assertEquals(tests.started().count(), tests.succeeded().count() + failed.size(), suite.getSimpleName());
    }

    /** The failure message of one check of the suite, which must have failed. */
    static String failureMessage(Class<?> suite, String check) {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(suite)).execute().testEvents();
        return tests.failed().stream().filter(e -> method(e).equals(check)).findFirst()
                .flatMap(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class))
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage)
                .orElseThrow(() -> new AssertionError(suite.getSimpleName() + "." + check + " did not fail"));
    }

    private static String method(Event event) {
        return event.getTestDescriptor().getSource().filter(MethodSource.class::isInstance)
                .map(s -> ((MethodSource) s).getMethodName()).orElse(event.getTestDescriptor().getDisplayName());
    }
}

package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.engram.api.study.Study;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyOutcome;
import org.engram.api.study.StudyTrial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

/**
 * A run's two warnings, a report page that cannot be written while trials run and a listener that throws, go to the
 * log service's logger when there is one and to stderr otherwise; either way the run goes on to the end.
 */
class StudyRunWarningsTest {

    @TempDir
    Path root;

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

    /** Files whose first report page fails as a full disk would; every other write, and later pages, succeed. */
    private static AtomicFiles firstReportFails() {
        AtomicBoolean failed = new AtomicBoolean();
        byte[] page = "<!DOCTYPE html>".getBytes(StandardCharsets.US_ASCII);
        return new AtomicFiles(out -> new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len >= page.length && Arrays.equals(b, off, off + page.length, page, 0, page.length)
                        && failed.compareAndSet(false, true)) {
                    throw new IOException("No space left on device");
                }
                out.write(b, off, len);
            }
        });
    }

    private StudyComponent service(AtomicFiles files) {
        return new StudyComponent(new FakeEngine(), Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC),
                () -> Optional.of(StudyComponentTest.GIT), files);
    }

    /** A listener whose every start throws, as a faulty progress display might. */
    private static final StudyListener THROWS_ON_START = new StudyListener() {
        @Override
        public void started(Study study, Path folder, List<StudyTrial> toRun) {
            throw new IllegalStateException("the display is gone");
        }
    };

    /** Runs the study with stderr captured and returns what was printed there. */
    private static String stderrOf(IoAction run) throws IOException {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(before);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private static void assertFinished(StudyOutcome outcome) {
        assertTrue(outcome.succeeded(), outcome.toString());
        assertEquals(outcome.study().trials().size(), outcome.completed().size(), "every trial ran");
        assertTrue(Files.isRegularFile(outcome.folder().resolve(Report.FILE)), "the end of the run writes the page");
    }

    @Test
    void aReportThatCannotBeWrittenWhileTrialsRunIsOneWarningToTheLogger() throws Exception {
        StudyComponent service = service(firstReportFails());
        service.logger = recordingLogger();
        Study study = service.parse(StudyComponentTest.TINY, "tiny.yaml");
        StudyOutcome[] outcome = new StudyOutcome[1];

        String stderr = stderrOf(() -> outcome[0] = service.run(study, root, StudyListener.NONE));

        assertFinished(outcome[0]);
        assertEquals(List.of("cannot write " + outcome[0].folder().resolve(Report.FILE) + " while the study runs "
                + "(java.io.IOException: No space left on device); the trials go on"), warnings);
        assertEquals("", stderr);
    }

    @Test
    void withoutALogServiceTheReportWarningIsOneLineOnStderr() throws Exception {
        StudyComponent service = service(firstReportFails());
        Study study = service.parse(StudyComponentTest.TINY, "tiny.yaml");
        StudyOutcome[] outcome = new StudyOutcome[1];

        String stderr = stderrOf(() -> outcome[0] = service.run(study, root, StudyListener.NONE));

        assertFinished(outcome[0]);
        assertEquals("engram: cannot write " + outcome[0].folder().resolve(Report.FILE) + " while the study runs "
                + "(java.io.IOException: No space left on device); the trials go on" + System.lineSeparator(), stderr);
    }

    @Test
    void aListenerThatThrowsIsAWarningToTheLogger() throws Exception {
        StudyComponent service = service(AtomicFiles.DISK);
        service.logger = recordingLogger();
        Study study = service.parse(StudyComponentTest.TINY, "tiny.yaml");
        StudyOutcome[] outcome = new StudyOutcome[1];

        String stderr = stderrOf(() -> outcome[0] = service.run(study, root, THROWS_ON_START));

        assertFinished(outcome[0]);
        assertEquals(List.of("a study listener failed: java.lang.IllegalStateException: the display is gone"), warnings);
        assertEquals("", stderr);
    }

    @Test
    void withoutALogServiceAListenerThatThrowsIsOneLineOnStderr() throws Exception {
        StudyComponent service = service(AtomicFiles.DISK);
        Study study = service.parse(StudyComponentTest.TINY, "tiny.yaml");
        StudyOutcome[] outcome = new StudyOutcome[1];

        String stderr = stderrOf(() -> outcome[0] = service.run(study, root, THROWS_ON_START));

        assertFinished(outcome[0]);
        assertEquals("engram: a study listener failed: java.lang.IllegalStateException: the display is gone"
                + System.lineSeparator(), stderr);
    }
}

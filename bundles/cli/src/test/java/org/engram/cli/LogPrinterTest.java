package org.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/** With a log service in the runtime, Engram's warnings and errors still reach stderr as {@code engram: } lines. */
class LogPrinterTest {

    private static Bundle bundle(String symbolicName) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> symbolicName;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static LogEntry entry(LogLevel level, String bundle, String message, Throwable exception) {
        return (LogEntry) Proxy.newProxyInstance(LogEntry.class.getClassLoader(), new Class<?>[] {LogEntry.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLogLevel" -> level;
                    case "getBundle" -> bundle == null ? null : bundle(bundle);
                    case "getMessage" -> message;
                    case "getException" -> exception;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aWarningOfAnEngramBundleIsOneLine() {
        assertEquals(Optional.of("engram: ignoring a rule service without the 'engram.rule' property from bundle x"),
                LogPrinter.line(entry(LogLevel.WARN, "org.engram.engine",
                        "ignoring a rule service without the 'engram.rule' property from bundle x", null)));
    }

    @Test
    void anErrorCarriesItsException() {
        assertEquals(Optional.of("engram: a study listener failed: java.lang.IllegalStateException: gone"),
                LogPrinter.line(entry(LogLevel.ERROR, "org.engram.study", "a study listener failed",
                        new IllegalStateException("gone"))));
    }

    @Test
    void lowerLevelsAndOtherBundlesAreNotShown() {
        assertEquals(Optional.empty(), LogPrinter.line(entry(LogLevel.INFO, "org.engram.engine", "bound", null)));
        assertEquals(Optional.empty(), LogPrinter.line(entry(LogLevel.DEBUG, "org.engram.study", "trial", null)));
        assertEquals(Optional.empty(), LogPrinter.line(entry(LogLevel.WARN, "org.apache.felix.scr", "scr", null)));
        assertEquals(Optional.empty(), LogPrinter.line(entry(LogLevel.ERROR, "com.example.rule", "plugin", null)));
        assertEquals(Optional.empty(), LogPrinter.line(entry(LogLevel.WARN, null, "no bundle", null)));
    }

    @Test
    void itListensWhileTheLogReaderIsBoundAndStopsWhenItGoes() {
        List<LogListener> listeners = new ArrayList<>();
        LogReaderService reader = (LogReaderService) Proxy.newProxyInstance(LogReaderService.class.getClassLoader(),
                new Class<?>[] {LogReaderService.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "addLogListener" -> listeners.add((LogListener) args[0]);
                    case "removeLogListener" -> listeners.remove((LogListener) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        List<String> printed = new ArrayList<>();
        LogPrinter printer = new LogPrinter(printed::add);

        printer.bindLogReader(reader);
        listeners.forEach(l -> l.logged(entry(LogLevel.WARN, "org.engram.study", "cannot write report.html", null)));
        listeners.forEach(l -> l.logged(entry(LogLevel.INFO, "org.engram.study", "not shown", null)));
        printer.unbindLogReader(reader);

        assertEquals(List.of("engram: cannot write report.html"), printed);
        assertEquals(List.of(), listeners);
    }
}

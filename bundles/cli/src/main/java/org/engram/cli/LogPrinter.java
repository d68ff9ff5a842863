package org.engram.cli;

import java.util.Optional;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Engram's warnings and errors on stderr, as {@code engram: <message>}, when the runtime has a log service: the
 * engine and the study service then log them there instead of printing them, and the user of the command line must
 * still see them. The shipped runtime has no log service; the components print those lines themselves and this stays
 * unbound.
 */
@Component(immediate = true)
public final class LogPrinter {

    /** Whose entries are shown: Engram's own bundles, not the runtime's or a plugin author's. */
    static final String ENGRAM_BUNDLES = "org.engram.";

    private final LogListener listener;

    public LogPrinter() {
        // System.err when printed, not when activated: the launcher and Gogo replace it
        this(line -> System.err.println(line));
    }

    /** @param stderr where the lines go; tests collect them */
    LogPrinter(Consumer<String> stderr) {
        this.listener = entry -> line(entry).ifPresent(stderr);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindLogReader(LogReaderService reader) {
        reader.addLogListener(listener);
    }

    void unbindLogReader(LogReaderService reader) {
        reader.removeLogListener(listener);
    }

    /** The line for a warning or error an Engram bundle logged, with its exception if it has one; nothing otherwise. */
    static Optional<String> line(LogEntry entry) {
        LogLevel level = entry.getLogLevel();
        Bundle bundle = entry.getBundle();
        String name = bundle == null ? null : bundle.getSymbolicName();
        if ((level != LogLevel.WARN && level != LogLevel.ERROR) || name == null || !name.startsWith(ENGRAM_BUNDLES)) {
            return Optional.empty();
        }
        Throwable exception = entry.getException();
        return Optional.of("engram: " + entry.getMessage() + (exception == null ? "" : ": " + exception));
    }
}

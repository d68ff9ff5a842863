package org.engram.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Standard error with Declarative Services' messages taken out and written to a log file. Without a log service SCR
 * prints each message with its whole stack trace to stderr (some 70 lines for a plugin whose activation throws, before
 * every command); here they go to {@link #file()}, and the user sees one line that names the bundle, the cause and
 * that file: the command line bundle's for a component that failed to activate, {@link #summary} for what SCR logs
 * while the framework stops.
 *
 * <p>SCR prints a message and its trace with one {@code println(Object)} call from its own logger class (through
 * Gogo's per-thread stream when Gogo runs), which is how this stream tells them from everything else; everything else
 * passes through unchanged.
 */
final class DsLog extends PrintStream {

    /** A longer log is moved to {@code engram.log.1} (replacing the one before) when this process first writes. */
    static final long ROTATE_BYTES = 10L << 20;
    private static final String SCR_PACKAGE = "org.apache.felix.scr.";
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final PrintStream err;
    private final Path file;
    private final List<String> messages = new ArrayList<>();
    private boolean rotated;

    DsLog(PrintStream err, Path file) {
        super(err, true, StandardCharsets.UTF_8);
        this.err = err;
        this.file = file;
    }

    /** The log file; it exists once SCR has logged something. */
    Path file() {
        return file;
    }

    /** How many messages went to the file so far. */
    synchronized int count() {
        return messages.size();
    }

    @Override
    public void println(Object x) {
        if (fromScr()) {
            log(String.valueOf(x));
        } else {
            super.println(x);
        }
    }

    @Override
    public void println(String x) {
        if (fromScr()) {
            log(x);
        } else {
            super.println(x);
        }
    }

    /**
     * One line per message logged since the {@code from}-th: SCR's first line and the exception it carries, e.g.
     * {@code engram: Declarative Services: bundle test.deactivate:1.0.0 (40)[test.deactivate(3)] : The failToDeactivate
     * method has thrown an exception: java.lang.IllegalStateException: … (stack trace in …/engram.log)}.
     */
    synchronized List<String> summary(int from) {
        List<String> out = new ArrayList<>();
        for (String m : messages.subList(Math.min(from, messages.size()), messages.size())) {
            out.add("engram: Declarative Services: " + headline(m) + " (stack trace in " + file + ")");
        }
        return out;
    }

    /** SCR's first line without its level, then the exception's line if the message has a stack trace. */
    static String headline(String message) {
        List<String> lines = message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        String first = lines.get(0).replaceFirst("^(ERROR|WARN|INFO|DEBUG|AUDIT|TRACE)\\s*:\\s*", "");
        return lines.size() > 1 && !lines.get(1).startsWith("at ") ? first + ": " + lines.get(1) : first;
    }

    /** Whether the caller, past every print stream (Gogo wraps stderr in its own), is SCR's logger. */
    private static boolean fromScr() {
        return WALKER.walk(frames -> frames.filter(f -> !PrintStream.class.isAssignableFrom(f.getDeclaringClass()))
                .map(StackWalker.StackFrame::getClassName).findFirst()).map(n -> n.startsWith(SCR_PACKAGE)).orElse(false);
    }

    private synchronized void log(String message) {
        messages.add(message);
        String entry = Instant.now() + " pid " + ProcessHandle.current().pid() + " " + message + System.lineSeparator();
        try {
            Files.createDirectories(file.getParent());
            if (!rotated) {
                rotated = true;
                if (Files.isRegularFile(file) && Files.size(file) > ROTATE_BYTES) {
                    Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // one write per entry, appended: processes sharing the installation do not interleave within one
            Files.write(file, entry.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            err.println("engram: Declarative Services: " + headline(message) + " (cannot write " + file + ": " + e + ")");
        }
    }
}

package org.engram.study;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns the file system's errors into messages that say what went wrong in words and what to do, for the
 * two places a study writes: creating a run folder, and writing into one.
 */
final class WriteFailures {

    private WriteFailures() {
    }

    /** A run folder could not be created under {@code root}. */
    static IOException cannotCreateRunFolder(Path root, IOException e) {
        Cause c = cause(e);
        return new IOException("cannot create a run folder in " + root + ": " + c.what + "; " + c.fix
                + " (engram run --runs DIR picks the runs folder)", e);
    }

    /** A file of the run in {@code folder} could not be written; the run can be finished by a resume. */
    static IOException cannotWrite(Path file, Path folder, IOException e) {
        Cause c = cause(e);
        return new IOException("cannot write " + file + ": " + c.what + ". " + capitalised(c.fix)
                + ", then finish the run with: engram resume " + folder + " (the trials already done are kept)", e);
    }

    private record Cause(String what, String fix) {
    }

    private static Cause cause(IOException e) {
        // the cause chain, since some writers wrap the file system's error (ImageIO: "I/O error writing PNG file!")
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException io) {
                Cause c = known(io);
                if (c != null) {
                    return c;
                }
            }
        }
        return new Cause(e.toString(), "check the folder and its disk");
    }

    private static Cause known(IOException e) {
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : String.valueOf(e.getMessage());
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left") || lower.contains("disk full") || lower.contains("quota")) {
            return new Cause("the disk is full (" + reason + ")", "free some space or use a folder on another disk");
        }
        if (lower.contains("read-only file system")) {
            return new Cause("the file system is read-only", "use a writable folder");
        }
        if (e instanceof AccessDeniedException || lower.contains("permission denied")) {
            return new Cause("permission denied" + where(e), "use a folder you may write to");
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException
                || lower.contains("not a directory")) {
            return new Cause(fileInTheWay(e) + " is a file, not a folder", "use a folder");
        }
        return null;
    }

    /** The first part of the failed path that exists and is no folder: what stands where a folder must be. */
    private static String fileInTheWay(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            for (Path p = Path.of(f.getFile()); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    return p.toString();
                }
            }
            return f.getFile();
        }
        return "a part of the path";
    }

    private static String where(IOException e) {
        return e instanceof FileSystemException f && f.getFile() != null ? " on " + f.getFile() : "";
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

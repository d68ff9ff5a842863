package org.engram.dataset.idx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.engram.api.data.DataException;
import org.osgi.framework.BundleContext;

/** Finding a data set's folder and files, with messages that say where it looked and what to do. */
final class DataFolders {

    /**
     * Framework (or system) property naming the directory the user started Engram from; relative folders are
     * looked up there first, since the launcher's process may run elsewhere.
     */
    static final String WORKDIR_PROPERTY = "engram.workdir";

    private DataFolders() {
    }

    /** The launcher's working directory (property {@value #WORKDIR_PROPERTY}) if set, then the process's. */
    static List<Path> baseDirectories(BundleContext context) {
        List<Path> out = new ArrayList<>();
        String launcherDirectory = context == null ? null : context.getProperty(WORKDIR_PROPERTY);
        if (launcherDirectory != null && !launcherDirectory.isBlank()) {
            out.add(Path.of(launcherDirectory));
        }
        out.add(Path.of("").toAbsolutePath());
        return out;
    }

    /**
     * The existing folder {@code folder} names: itself if absolute, else the first base directory that has it.
     *
     * @param fix what the user should do if it is missing, ending without a full stop
     */
    static Path locate(String dataset, String folder, List<Path> baseDirectories, String fix) throws DataException {
        Path given = Path.of(folder);
        List<Path> candidates = new ArrayList<>();
        if (given.isAbsolute()) {
            candidates.add(given);
        } else {
            for (Path base : baseDirectories) {
                candidates.add(base.resolve(given).normalize());
            }
        }
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        String tried = new LinkedHashSet<>(candidates).stream().map(Path::toString).collect(Collectors.joining(", "));
        throw new DataException(String.format(Locale.ROOT, "dataset '%s': folder %s does not exist (looked for %s). %s",
                dataset, folder, tried, fix));
    }

    /** What a path that exists but is no regular file is, in words. */
    static String kind(Path p) {
        if (Files.isDirectory(p)) {
            return "a folder";
        }
        try {
            int type = (Integer) Files.getAttribute(p, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0140000 -> "a socket";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    /** The file, or the same name with {@code .gz}; the raw one wins when both exist since it reads faster. */
    static Path find(String dataset, Path folder, String name, String fix) throws DataException {
        Path raw = folder.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gzipped = folder.resolve(name + ".gz");
        if (Files.isRegularFile(gzipped)) {
            return gzipped;
        }
        for (Path p : List.of(raw, gzipped)) {
            if (Files.exists(p)) {
                // never opened: reading a named pipe would wait for a writer for ever
                throw new DataException(String.format(Locale.ROOT, "dataset '%s': %s is %s, not a regular file, so it "
                        + "cannot be read as data; replace it with the data file itself (a symbolic link to one is fine). "
                        + "%s", dataset, p, kind(p), fix));
            }
        }
        throw new DataException(String.format(Locale.ROOT, "dataset '%s': %s has neither %s nor %s.gz. %s",
                dataset, folder, name, name, fix));
    }
}

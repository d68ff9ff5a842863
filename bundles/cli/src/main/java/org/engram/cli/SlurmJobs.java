package org.engram.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A run folder's {@code slurm/jobs.properties}: the jobs {@code engram submit} made of it, for {@code engram status}.
 *
 * @param arrayJobId    the job array running the trials
 * @param collectJobId  the job writing the summary once the array ends; null if it was not submitted
 * @param trialsPerTask trials each array task runs, in study order: task t runs trials t*K to t*K+K-1
 * @param sbatch        the sbatch that submitted them; its squeue is the one to ask
 */
record SlurmJobs(String arrayJobId, String collectJobId, int trialsPerTask, String sbatch) {

    static final String FOLDER = "slurm";
    static final String FILE = "jobs.properties";

    /** The array task that runs the trial at {@code index}. */
    int task(int index) {
        return index / trialsPerTask;
    }

    /** Written to a temporary file first, then renamed over the old one: a reader sees the old file or the new. */
    void write(Path runFolder) throws IOException {
        StringBuilder sb = new StringBuilder("# the Slurm jobs of this run, written by engram submit\n");
        sb.append("arrayJobId=").append(arrayJobId).append('\n');
        if (collectJobId != null) {
            sb.append("collectJobId=").append(collectJobId).append('\n');
        }
        sb.append("trialsPerTask=").append(trialsPerTask).append('\n');
        sb.append("sbatch=").append(sbatch).append('\n');
        Path file = runFolder.resolve(FOLDER).resolve(FILE);
        Path tmp = file.resolveSibling("." + FILE + ".tmp");
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The jobs of a run folder; empty if it was never submitted (or its file is damaged). */
    static Optional<SlurmJobs> read(Path runFolder) throws IOException {
        String text;
        try {
            text = Files.readString(runFolder.resolve(FOLDER).resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Map<String, String> m = new LinkedHashMap<>();
        text.lines().filter(l -> !l.startsWith("#")).forEach(l -> {
            int eq = l.indexOf('=');
            if (eq > 0) {
                m.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
            }
        });
        String array = m.get("arrayJobId");
        if (array == null || !array.matches("\\d+")) {
            return Optional.empty();
        }
        int perTask;
        try {
            perTask = Math.max(1, Integer.parseInt(m.getOrDefault("trialsPerTask", "1")));
        } catch (NumberFormatException e) {
            perTask = 1;
        }
        return Optional.of(new SlurmJobs(array, m.get("collectJobId"), perTask, m.get("sbatch")));
    }
}

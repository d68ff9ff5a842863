package org.engram.study;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A trial's {@code RUNNING} marker: which process runs it, written when the trial starts and removed when it ends,
 * so that {@code engram status} can say where it runs. One {@code key=value} per line: {@code host}, {@code pid},
 * {@code started} (an ISO-8601 instant), then, in a process that Slurm started, {@code slurmJobId},
 * {@code slurmArrayJobId}, {@code slurmArrayTaskId} and {@code slurmRestartCount} (how often the task was requeued).
 * A process killed outright leaves its marker behind: only its host (or the scheduler) can tell that it is gone.
 */
final class RunningMarker {

    static final String FILE = "RUNNING";

    /** The environment variables Slurm sets in a job, by the key they are recorded under. */
    private static final Map<String, String> SLURM = Map.of("slurmJobId", "SLURM_JOB_ID", "slurmArrayJobId",
            "SLURM_ARRAY_JOB_ID", "slurmArrayTaskId", "SLURM_ARRAY_TASK_ID", "slurmRestartCount", "SLURM_RESTART_COUNT");
    private static final String[] SLURM_ORDER = {"slurmJobId", "slurmArrayJobId", "slurmArrayTaskId", "slurmRestartCount"};

    private final String host;
    private final long pid;
    private final Function<String, String> environment;
    private final Clock clock;

    RunningMarker(String host, long pid, Function<String, String> environment, Clock clock) {
        this.host = host;
        this.pid = pid;
        this.environment = environment;
        this.clock = clock;
    }

    /** The marker of this process: its host, its pid and Slurm's variables from its environment. */
    static RunningMarker thisProcess(Clock clock) {
        return new RunningMarker(localHost(System::getenv), ProcessHandle.current().pid(), System::getenv, clock);
    }

    /** The host this marker names. */
    String host() {
        return host;
    }

    /** A new marker's content, with the time it is made. */
    String content() {
        StringBuilder sb = new StringBuilder();
        sb.append("host=").append(host).append('\n');
        sb.append("pid=").append(pid).append('\n');
        sb.append("started=").append(clock.instant()).append('\n');
        for (String key : SLURM_ORDER) {
            String v = environment.apply(SLURM.get(key));
            if (v != null && !v.isBlank()) {
                sb.append(key).append('=').append(v.trim()).append('\n');
            }
        }
        return sb.toString();
    }

    /** The fields of a trial folder's marker, in file order; empty when it has none. */
    static Map<String, String> read(Path trialFolder) {
        String text;
        try {
            text = Files.readString(trialFolder.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            // being replaced or removed at this moment: the trial is running (or has just ended)
            return Map.of("host", "?");
        }
        Map<String, String> out = new LinkedHashMap<>();
        text.lines().forEach(l -> {
            int eq = l.indexOf('=');
            if (eq > 0) {
                out.put(l.substring(0, eq), l.substring(eq + 1));
            }
        });
        return out;
    }

    /**
     * This machine's name as the trials record it: the node name Slurm gives a job, else the kernel's host name
     * (which a container or network namespace may set), else what Java resolves.
     */
    static String localHost(Function<String, String> environment) {
        String node = environment.apply("SLURMD_NODENAME");
        if (node != null && !node.isBlank()) {
            return node.trim();
        }
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask Java
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}

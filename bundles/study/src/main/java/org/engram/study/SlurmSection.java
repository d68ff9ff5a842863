package org.engram.study;

import java.util.List;
import java.util.regex.Pattern;
import org.engram.api.study.SlurmResources;
import org.engram.study.Yaml.YMap;
import org.engram.study.Yaml.YNode;
import org.engram.study.Yaml.YScalar;

/** A study's optional {@code slurm:} section: what each array task of {@code engram submit --slurm} asks for. */
final class SlurmSection {

    static final List<String> KEYS = List.of("partition", "time", "cpusPerTask", "mem");
    /** Slurm's time limits: minutes, minutes:seconds, hours:minutes:seconds, days-hours[:minutes[:seconds]]. */
    private static final Pattern TIME = Pattern.compile(
            "\\d+(:\\d{1,2}){0,2}|\\d+-\\d{1,2}(:\\d{1,2}){0,2}|(?i:infinite|unlimited)");
    /** Slurm's memory sizes: a whole number with an optional unit (megabytes without one). */
    private static final Pattern MEM = Pattern.compile("[1-9]\\d*[KMGT]?");
    private static final Pattern PARTITION = Pattern.compile("[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*");

    private SlurmSection() {
    }

    /** The section of the study's top level, checked; {@link SlurmResources#NONE} when it has none or it is wrong. */
    static SlurmResources read(YMap top, StudyProblems problems) {
        YNode n = top.get("slurm");
        if (n == null) {
            return SlurmResources.NONE;
        }
        if (!(n instanceof YMap m)) {
            problems.problem(n.line(), "slurm must be a mapping such as {partition: cpu, time: \"2:00:00\", cpusPerTask: 1, mem: 2G}");
            return SlurmResources.NONE;
        }
        problems.checkKeys(m, KEYS, "in slurm");
        String partition = text(m.get("partition"), "partition", PARTITION,
                "a partition's name (letters, digits, _ . -), e.g. partition: cpu", problems);
        String time = null;
        YNode t = m.get("time");
        if (t instanceof YScalar ts && ts.value() instanceof Number) {
            // YAML 1.1 reads 1:30:00 as the sexagesimal number 5400, so a bare number cannot be trusted to be minutes
            problems.problem(t.line(), "slurm time must be quoted text in Slurm's form, e.g. time: \"1:30:00\" or \"2-00:00:00\" "
                    + "(unquoted, YAML reads 1:30:00 as the number 5400)");
        } else {
            time = text(t, "time", TIME, "Slurm's form: minutes, \"H:MM:SS\" or \"D-HH:MM:SS\"", problems);
        }
        int cpus = m.get("cpusPerTask") == null ? 0
                : (int) problems.whole(m.get("cpusPerTask"), "slurm cpusPerTask", 1, 4096, 0);
        String mem = null;
        YNode mn = m.get("mem");
        if (mn instanceof YScalar ms && (ms.value() instanceof Integer || ms.value() instanceof Long)) {
            mem = Long.toString(problems.whole(mn, "slurm mem (megabytes)", 1, Long.MAX_VALUE, 1));
        } else {
            mem = text(mn, "mem", MEM, "a size such as 500M, 4G or 1T (megabytes without a unit)", problems);
        }
        return new SlurmResources(partition, time, cpus, mem);
    }

    private static String text(YNode n, String key, Pattern form, String expected, StudyProblems problems) {
        if (n == null) {
            return null;
        }
        if (n instanceof YScalar s && s.value() instanceof String v && form.matcher(v).matches()) {
            return v;
        }
        problems.problem(n.line(), "slurm " + key + " must be " + expected + ", got '" + n.plain() + "'");
        return null;
    }
}

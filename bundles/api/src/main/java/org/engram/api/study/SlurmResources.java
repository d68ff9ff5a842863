package org.engram.api.study;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What each Slurm array task of a study asks for, from the study's optional {@code slurm:} section; each part
 * is null (or 0 for the CPUs) when not given, and then the cluster's default applies.
 *
 * @param partition   the partition, e.g. {@code gpu}
 * @param time        the time limit in Slurm's form, e.g. {@code 30}, {@code 1:30:00} or {@code 2-00:00:00}
 * @param cpusPerTask CPUs for each task, 0 when not given
 * @param mem         memory per node in Slurm's form, e.g. {@code 4G} or {@code 500M}
 * @since 1.1
 */
@ProviderType
public record SlurmResources(String partition, String time, int cpusPerTask, String mem) {

    /** Nothing asked for: the cluster's defaults. */
    public static final SlurmResources NONE = new SlurmResources(null, null, 0, null);

    public SlurmResources {
        if (cpusPerTask < 0) {
            throw new IllegalArgumentException("cpusPerTask must be 0 (not given) or more, got " + cpusPerTask);
        }
    }

    /** These resources with each part that {@code over} gives replacing this one's: flags over the study's section. */
    public SlurmResources overriddenBy(SlurmResources over) {
        return new SlurmResources(over.partition != null ? over.partition : partition, over.time != null ? over.time : time,
                over.cpusPerTask != 0 ? over.cpusPerTask : cpusPerTask, over.mem != null ? over.mem : mem);
    }
}

package org.engram.api.study;

import java.util.List;
import java.util.regex.Pattern;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A validated study, expanded into its trials.
 *
 * @param name     the study's name, the prefix of its run folders
 * @param source   where it was read from, for messages (a file path or a name)
 * @param text     the study file exactly as given; a run stores it as {@code study.yaml}
 * @param parallel how many trials run at once
 * @param trials   every trial, in file order: variants, then sweep points, then seeds
 * @param slurm    what each task asks of a Slurm cluster ({@code slurm:} in the file; since 1.1)
 */
@ProviderType
public record Study(String name, String source, String text, int parallel, List<StudyTrial> trials, SlurmResources slurm) {

    /**
     * What a study's name may be: it starts the name of its run folder, so it is one folder name and never a path
     * (no separator, no {@code ..}).
     *
     * @since 1.2
     */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_-]*");

    /** @throws IllegalArgumentException if the name is not a {@link #NAME}: a run folder must never be made outside its runs folder */
    public Study {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("study name '" + name + "' is not a name made of letters, digits and . + _ - "
                    + "(starting with a letter or digit); it starts the run folder's name, so it cannot be a path");
        }
        trials = List.copyOf(trials);
        slurm = slurm == null ? SlurmResources.NONE : slurm;
    }

    /** A study without a {@code slurm:} section. */
    public Study(String name, String source, String text, int parallel, List<StudyTrial> trials) {
        this(name, source, text, parallel, trials, SlurmResources.NONE);
    }
}

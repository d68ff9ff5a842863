package org.engram.api.study;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A validated study, expanded into its trials.
 *
 * @param name     the study's name, the prefix of its run folders
 * @param source   where it was read from, for messages (a file path or a name)
 * @param text     the study file exactly as given; a run stores it as {@code study.yaml}
 * @param parallel how many trials run at once
 * @param trials   every trial, in file order: variants, then sweep points, then seeds
 */
@ProviderType
public record Study(String name, String source, String text, int parallel, List<StudyTrial> trials) {

    public Study {
        trials = List.copyOf(trials);
    }
}

package org.engram.api.study;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.engram.api.engine.TrialSpec;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One trial of a study: a variant at one sweep point with one seed.
 *
 * @param id      unique within the study and safe as a file name, e.g. {@code ib-hebbian_window=4_seed=1};
 *                also the name of the trial's folder and its {@link TrialSpec#name()}
 * @param group   the id without the seed: the trials a summary row averages over
 * @param variant the name of the variant in the study's {@code trials} list
 * @param sweep   the sweep point, dotted key to value, in the study's order; empty without a sweep
 * @param seed    the trial's seed
 * @param spec    what the engine runs
 */
@ProviderType
public record StudyTrial(String id, String group, String variant, Map<String, Object> sweep, long seed, TrialSpec spec) {

    /**
     * What a trial's id may be: it is the name of the trial's folder, so it is one folder name and never a path (no
     * separator, no {@code ..}): a variant's name, {@code _key=value} per sweep key, then {@code _seed=n}.
     *
     * @since 1.2
     */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_=-]*");

    /** @throws IllegalArgumentException if the id is not an {@link #ID}: a trial must never write outside its run folder */
    public StudyTrial {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("trial id '" + id + "' is not made of letters, digits and . + _ = - "
                    + "(starting with a letter or digit); it names the trial's folder, so it cannot be a path");
        }
        // keeps the study's key order, which Map.copyOf would lose
        sweep = Collections.unmodifiableMap(new LinkedHashMap<>(sweep));
    }
}

package org.engram.api.study;

import java.nio.file.Path;
import java.util.Map;
import org.engram.api.engine.TrialSpec;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A finished trial as its run folder records it, read by {@link StudyService#readRecord}: the trial rebuilt from its
 * {@code provenance.json} (whose {@code spec} is the exact {@link TrialSpec} the engine ran), the engine's record of
 * that run, and where its {@code metrics.csv} is.
 *
 * @param study   the study's name
 * @param trial   the trial, with the spec as it ran; whole numbers among its parameters are {@code Long}
 * @param engine  the engine's provenance map, e.g. {@code bundle.org.engram.engine = 0.1.0.SNAPSHOT <sha256>}
 * @param metrics the trial's {@code metrics.csv}, beside the provenance file (it may be missing)
 * @since 1.3
 */
@ProviderType
public record TrialRecord(String study, StudyTrial trial, Map<String, String> engine, Path metrics) {

    public TrialRecord {
        engine = Map.copyOf(engine);
    }
}

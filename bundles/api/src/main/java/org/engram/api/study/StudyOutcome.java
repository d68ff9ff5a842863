package org.engram.api.study;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a run or resume did.
 *
 * @param folder    the run folder
 * @param completed ids of the trials that ran to the end in this call
 * @param skipped   ids of the trials already done before this call (resume)
 * @param failures  id to reason of each trial that failed, in study order
 * @param notRun    ids of the trials that never finished because the run was interrupted
 */
@ProviderType
public record StudyOutcome(Study study, Path folder, List<String> completed, List<String> skipped,
        Map<String, String> failures, List<String> notRun) {

    public StudyOutcome {
        completed = List.copyOf(completed);
        skipped = List.copyOf(skipped);
        failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        notRun = List.copyOf(notRun);
    }

    /** Whether every trial of the study is now done. */
    public boolean succeeded() {
        return failures.isEmpty() && notRun.isEmpty();
    }
}

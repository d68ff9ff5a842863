package org.engram.api.study;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads, checks and runs studies. A study is checked completely before anything runs; a run writes
 * everything under one folder, {@code <runsRoot>/<study>-<yyyyMMdd-HHmmss>/}, each file atomically,
 * so an interrupted run can be resumed from its folder. The format is described in {@code docs/studies.md}.
 */
@ProviderType
public interface StudyService {

    /**
     * Reads a study file, expands it into trials and validates every trial against the plugins present now.
     *
     * @throws InvalidStudyException listing every problem, each with the file, line and what is available
     */
    Study load(Path file) throws InvalidStudyException;

    /**
     * As {@link #load}, from text.
     *
     * @param source names the text in messages, e.g. its file name
     */
    Study parse(String text, String source) throws InvalidStudyException;

    /**
     * Runs every trial of a study into a new run folder under {@code runsRoot}, then writes the summary and
     * plots. A trial that fails fails alone; the others still run. Returns when all are done.
     *
     * @param listener told of progress, possibly from several threads at once; may be {@link StudyListener#NONE}
     * @throws IOException if the run folder or a summary file cannot be written
     */
    StudyOutcome run(Study study, Path runsRoot, StudyListener listener) throws IOException;

    /**
     * Finishes an earlier run: re-reads {@code study.yaml} in the folder, skips each trial that has its
     * {@code DONE} marker, continues the others from their last epoch checkpoint (or from their
     * first epoch when they have none), then rewrites the summary and plots. Trials are deterministic per
     * seed, so the result equals an uninterrupted run.
     *
     * @throws InvalidStudyException if the folder holds no study, or its study no longer validates
     */
    StudyOutcome resume(Path runFolder, StudyListener listener) throws InvalidStudyException, IOException;
}

package org.engram.api.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.engram.api.engine.EpochResult;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads, checks and runs studies. A study is checked completely before anything runs; a run writes
 * everything under one folder, {@code <runsRoot>/<study>-<yyyyMMdd-HHmmss>/}, each file atomically,
 * so an interrupted run can be resumed from its folder. The format is described in {@code docs/studies.md}.
 *
 * <p>Since 1.1 a run can also be done in parts, one process per trial or group of trials, as the array tasks of
 * a Slurm job run it: {@link #prepare} makes the folder, {@link #runTrials} runs some of its trials (any number of
 * processes at once, on any hosts that share the folder), {@link #status} tells where each trial stands and
 * {@link #collect} writes the summary and plots. The result is the same as {@link #run}'s.
 *
 * <p>Since 1.3 the service also reads back what a run wrote ({@link #readRecord}, {@link #readMetrics}): the bundle
 * that writes a run folder's formats is the one that reads them, so no other bundle parses them.
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
     * @throws InvalidStudyException if the folder holds no study, its study no longer validates, or its
     *                               {@code study.yaml} was edited so that a trial differs from the spec it started with
     *                               (as the folder's {@code resolved.yaml} records it)
     */
    StudyOutcome resume(Path runFolder, StudyListener listener) throws InvalidStudyException, IOException;

    /**
     * Creates a new run folder under {@code runsRoot} for the study, with its {@code study.yaml} and
     * {@code resolved.yaml}, as {@link #run} does, and runs nothing.
     *
     * @return the run folder, {@code <runsRoot>/<study>-<yyyyMMdd-HHmmss>}
     * @throws IOException if it cannot be created; no half-made folder is left
     * @since 1.1
     */
    Path prepare(Study study, Path runsRoot) throws IOException;

    /**
     * Runs some trials of the study in a run folder, each continuing from its checkpoint when it has one (a trial
     * already {@code DONE} is skipped), and writes only the trials' folders: no summary, plots nor
     * {@code failures.txt}. While a trial runs its folder holds a {@code RUNNING} marker (host, pid, start, and the
     * Slurm job and task ids when Slurm started the process). Two processes may run the same trial at once (a
     * task that Slurm requeued while the first copy still ran): every file is replaced atomically and both
     * compute the same values, so the result is the same.
     *
     * @param trials each the trial's id, or its index in the study counted from 0
     * @throws InvalidStudyException if the folder holds no study, its study no longer validates, or it has no such
     *                               trial
     * @since 1.1
     */
    StudyOutcome runTrials(Path runFolder, List<String> trials, StudyListener listener)
            throws InvalidStudyException, IOException;

    /**
     * Writes {@code summary.csv}, the plots and {@code failures.txt} of a run folder from the trials finished so
     * far, as the end of {@link #run} does. In the outcome, {@code completed} lists the trials done, {@code failures}
     * those failed, {@code notRun} the others (still queued, running or interrupted).
     *
     * @throws InvalidStudyException if the folder holds no study, or its study no longer validates
     * @throws IOException           if a summary file cannot be written
     * @since 1.1
     */
    StudyOutcome collect(Path runFolder) throws InvalidStudyException, IOException;

    /**
     * Where each trial of a run folder stands, in study order, from its files alone.
     *
     * @throws InvalidStudyException if the folder holds no study, or its study no longer validates
     * @since 1.1
     */
    List<TrialStatus> status(Path runFolder) throws InvalidStudyException, IOException;

    /**
     * Reads a finished trial's record: its {@code provenance.json}, from which the trial can be run again.
     *
     * @param record the trial's {@code provenance.json}, or the trial's folder that holds it
     * @throws IOException if the file is missing or unreadable, is not JSON, or lacks what rebuilds the trial; the
     *                     message names the file, the field and what to do
     * @since 1.3
     */
    TrialRecord readRecord(Path record) throws IOException;

    /**
     * Reads a trial's {@code metrics.csv}: every epoch as it was written, bit for bit (a metric an epoch did not
     * report is absent from its map).
     *
     * @throws IOException if the file is missing, unreadable or not a metrics file; the message names the line
     * @since 1.3
     */
    List<EpochResult> readMetrics(Path metrics) throws IOException;
}

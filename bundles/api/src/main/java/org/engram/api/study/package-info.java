/**
 * Studies: many trials from one YAML file (variants x sweep x seeds), run in parallel, summarised and plotted;
 * since 1.1 also trial by trial (one process per trial, as a Slurm job array runs them), with each trial's
 * state readable from its run folder. Since 1.2 a study's name and its trials' ids are checked where they are made:
 * each is one folder name, never a path. Since 1.3 the service reads a run's records back ({@code TrialRecord}, the
 * epochs of a {@code metrics.csv}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.engram.api.study;

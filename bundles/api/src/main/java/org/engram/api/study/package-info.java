/**
 * Studies: many trials from one YAML file (variants x sweep x seeds), run in parallel, summarised and plotted;
 * since 1.1 also trial by trial (one process per trial, as a Slurm job array runs them), with each trial's
 * state readable from its run folder.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.engram.api.study;

/** Studies: many trials from one YAML file (variants x sweep x seeds), run in parallel, summarised and plotted. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.engram.api.study;

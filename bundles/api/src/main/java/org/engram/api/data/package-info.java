/** Datasets: labelled samples read or generated once per trial, streamed without copies. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.engram.api.data;

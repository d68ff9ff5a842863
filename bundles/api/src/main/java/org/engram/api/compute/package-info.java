/** Compute backends: dense linear algebra on row-major {@code double[]} arrays. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.engram.api.compute;

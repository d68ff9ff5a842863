/**
 * Compute backends: dense linear algebra on row-major {@code double[]} arrays; since 1.1 also on matrices a
 * backend keeps resident in its own form ({@link org.engram.api.compute.ResidentMatrix}); since 1.2 a view per trial
 * that may use several threads.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.engram.api.compute;

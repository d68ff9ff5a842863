/**
 * Compute backends: dense linear algebra on row-major {@code double[]} arrays; since 1.1 also on matrices a
 * backend keeps resident in its own form ({@link org.engram.api.compute.ResidentMatrix}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.engram.api.compute;

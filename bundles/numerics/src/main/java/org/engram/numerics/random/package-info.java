/** The generators of a trial's components, derived from its seed and each component's name, and the order of its samples. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.engram.numerics.random;

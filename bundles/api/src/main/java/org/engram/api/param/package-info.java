/** Parameter descriptors (name, type, default, range, meaning) and resolved parameter values. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.engram.api.param;

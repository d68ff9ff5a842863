/** Learning rules: stateless services that create a per-trial learner. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.engram.api.rule;

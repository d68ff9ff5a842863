/** Working-memory modules: turn the sample stream into the modulatory signal a rule asks for. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.engram.api.memory;

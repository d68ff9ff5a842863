/** Plugin kinds, the component property types that name a plugin, and the per-trial context. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.engram.api;

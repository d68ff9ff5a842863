/** The engine service: plugin discovery, validation and trials, for the command line and the shell. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.engram.api.engine;

/**
 * The engine service: plugin discovery, validation and trials, for the command line and the shell. Since 2.1 the
 * engine reads the epoch of its own checkpoints ({@code Engine.checkpointEpoch}), so a store keeps them unframed.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.engram.api.engine;

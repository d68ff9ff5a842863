/** Reading and writing per-trial state for checkpoints: arrays by their raw bits, generators by reseeding. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.engram.numerics.state;

/** Optimizers that turn a gradient into an in-place parameter update: AdamW and momentum SGD. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.engram.numerics.optim;

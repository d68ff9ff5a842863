/**
 * The information-bottleneck statistics of the paper (spec §2.1-§2.4): Gaussian kernel matrices with the
 * dimension-scaled bandwidth, the biased HSIC estimate, the per-layer loss and the modulatory signal ξ in
 * its four variants.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.engram.numerics.hsic;

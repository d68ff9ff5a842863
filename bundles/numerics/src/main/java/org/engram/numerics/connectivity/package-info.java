/**
 * The built-in connectivities' arithmetic (dense, 2-D convolution by im2col and GEMM, average and max pooling),
 * shared by their plugin bundles, the engine's default dense layer and the test kit's references.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.engram.numerics.connectivity;

/** Per-row activation kernels shared by neuron models and rules: ReLU + LayerNorm and softmax cross-entropy. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.engram.numerics.activation;

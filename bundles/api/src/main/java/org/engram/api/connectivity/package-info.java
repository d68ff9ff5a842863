/**
 * Connectivity: how a layer's synaptic drive is computed from its input (dense, convolution, pooling, or a
 * plugin's own), and what its weights are. Rules reach a layer's weights only through a {@link
 * org.engram.api.connectivity.Connection}, so any rule trains any connectivity.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.engram.api.connectivity;

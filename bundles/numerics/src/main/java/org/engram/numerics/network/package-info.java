/** The feed-forward network every rule trains (the engine's implementation of {@link org.engram.api.network.Network}), and a presentation unrolled over its time steps for back-propagation through time. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.engram.numerics.network;

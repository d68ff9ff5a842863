/** The feed-forward network every rule trains (the engine's implementation of {@link org.engram.api.network.Network}), a presentation unrolled over its time steps for back-propagation through time, and the evaluation that scores a network (1.4). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.engram.numerics.network;

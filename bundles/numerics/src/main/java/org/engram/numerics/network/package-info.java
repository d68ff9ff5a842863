/** The feed-forward network every rule trains: the engine's implementation of {@link org.engram.api.network.Network}. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.engram.numerics.network;

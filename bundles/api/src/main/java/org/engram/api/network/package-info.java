/** The network and the sliding window as learning rules see them; implemented by the engine. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.engram.api.network;

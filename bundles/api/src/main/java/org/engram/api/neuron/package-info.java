/** Neuron models: the forward dynamics of a layer and the vector-Jacobian product of its activation. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.engram.api.neuron;

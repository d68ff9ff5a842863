/** Neuron models: the forward dynamics of a layer, the vector-Jacobian product of its activation, and (optionally) the VJP through the time steps of a presentation. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.engram.api.neuron;

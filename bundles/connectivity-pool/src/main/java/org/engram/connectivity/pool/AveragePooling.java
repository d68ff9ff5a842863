package org.engram.connectivity.pool;

import org.engram.api.EngramConnectivity;
import org.engram.api.connectivity.Connectivity;
import org.engram.numerics.connectivity.PoolConnection;
import org.osgi.service.component.annotations.Component;

/** The mean of each window, per channel (the paper's CNN, spec §1(b)). */
@Component(service = Connectivity.class)
@EngramConnectivity("avg-pool")
public final class AveragePooling extends Pooling {

    public AveragePooling() {
        super(PoolConnection.Mode.AVERAGE);
    }

    @Override
    public String description() {
        return "average pooling over non-overlapping size × size windows per channel; no weights";
    }
}

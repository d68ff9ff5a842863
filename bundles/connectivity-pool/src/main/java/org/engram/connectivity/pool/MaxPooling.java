package org.engram.connectivity.pool;

import org.engram.api.EngramConnectivity;
import org.engram.api.connectivity.Connectivity;
import org.engram.numerics.connectivity.PoolConnection;
import org.osgi.service.component.annotations.Component;

/** The maximum of each window, per channel; its gradient goes to the first maximal input. */
@Component(service = Connectivity.class)
@EngramConnectivity("max-pool")
public final class MaxPooling extends Pooling {

    public MaxPooling() {
        super(PoolConnection.Mode.MAX);
    }

    @Override
    public String description() {
        return "max pooling over non-overlapping size × size windows per channel (gradient to the first maximum); no weights";
    }
}

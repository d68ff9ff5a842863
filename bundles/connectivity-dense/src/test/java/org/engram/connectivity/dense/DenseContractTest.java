package org.engram.connectivity.dense;

import org.engram.api.connectivity.Connectivity;
import org.engram.testkit.ConnectivityContract;

class DenseContractTest extends ConnectivityContract {

    @Override
    protected Connectivity connectivity() {
        return new DenseConnectivity();
    }

    @Override
    protected int size() {
        return 5;
    }
}

package org.engram.connectivity.pool;

import org.engram.api.Shape;
import org.engram.api.connectivity.Connectivity;
import org.engram.testkit.ConnectivityContract;
import org.junit.jupiter.api.Nested;

/** Both pooling plugins against the contract; each must refuse a window that does not divide its input. */
class PoolingContractTest {

    @Nested
    class Average extends ConnectivityContract {
        @Override
        protected Connectivity connectivity() {
            return new AveragePooling();
        }

        @Override
        protected Shape unsupportedInput() {
            return new Shape(2, 5, 6);
        }
    }

    @Nested
    class Max extends ConnectivityContract {
        @Override
        protected Connectivity connectivity() {
            return new MaxPooling();
        }

        @Override
        protected Shape unsupportedInput() {
            return Shape.flat(36);
        }
    }
}

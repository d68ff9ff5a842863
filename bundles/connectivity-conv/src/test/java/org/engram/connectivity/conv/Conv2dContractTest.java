package org.engram.connectivity.conv;

import java.util.Map;
import org.engram.api.Shape;
import org.engram.api.connectivity.Connectivity;
import org.engram.api.param.Parameters;
import org.engram.testkit.ConnectivityContract;
import org.junit.jupiter.api.Nested;

/** conv2d against the contract at its defaults (3×3, padding 1) and strided without padding. */
class Conv2dContractTest {

    @Nested
    class Defaults extends ConnectivityContract {
        @Override
        protected Connectivity connectivity() {
            return new Conv2dConnectivity();
        }

        @Override
        protected Parameters parameters() {
            return Parameters.resolve("conv2d", connectivity().parameters(), Map.of("channels", 4));
        }

        @Override
        protected Shape unsupportedInput() {
            return Shape.flat(72);
        }
    }

    @Nested
    class StridedUnpadded extends ConnectivityContract {
        @Override
        protected Connectivity connectivity() {
            return new Conv2dConnectivity();
        }

        @Override
        protected Parameters parameters() {
            return Parameters.resolve("conv2d", connectivity().parameters(),
                    Map.of("channels", 3, "kernel", 3, "stride", 2, "padding", 0));
        }

        @Override
        protected Shape inputShape() {
            return new Shape(2, 7, 5);
        }

        @Override
        protected Shape unsupportedInput() {
            return new Shape(2, 2, 2); // a 3×3 kernel without padding does not fit
        }
    }
}

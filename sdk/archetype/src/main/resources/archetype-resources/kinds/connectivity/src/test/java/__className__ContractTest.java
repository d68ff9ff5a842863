package ${package};

import org.engram.api.connectivity.Connectivity;
import org.engram.testkit.ConnectivityContract;

/** The checks every connectivity passes, from the Engram test kit: shapes, gradients against finite differences. */
class ${className}ContractTest extends ConnectivityContract {

    @Override
    protected Connectivity connectivity() {
        return new ${className}();
    }

    /** A ${pluginName} layer needs its unit count, as a dense one does. */
    @Override
    protected int size() {
        return 5;
    }
}

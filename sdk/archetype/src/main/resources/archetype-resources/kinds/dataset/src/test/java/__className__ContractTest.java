package ${package};

import org.engram.api.data.Dataset;
import org.engram.testkit.DatasetContract;

/** The checks every dataset passes, from the Engram test kit. */
class ${className}ContractTest extends DatasetContract {

    @Override
    protected Dataset dataset() {
        return new ${className}();
    }
}

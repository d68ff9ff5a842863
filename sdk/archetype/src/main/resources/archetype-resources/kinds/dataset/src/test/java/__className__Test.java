package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.engram.api.data.DataSplits;
import org.engram.api.data.SampleSet;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;

/** What the dataset generates; the contract suite in ${className}ContractTest checks how it behaves as a plugin. */
class ${className}Test {

    private final ${className} dataset = new ${className}();

    private DataSplits load(double noise, long seed) {
        return dataset.load(Parameters.resolve("test", dataset.parameters(), Map.of("noise", noise)), seed);
    }

    @Test
    void withoutNoiseEachClassLiesOnItsCircle() {
        SampleSet train = load(0.0, 3).train();
        double[] x = new double[2];
        for (int i = 0; i < train.size(); i++) {
            train.copyInput(i, x, 0);
            assertEquals(train.label(i) + 1.0, Math.hypot(x[0], x[1]), 1e-12, "radius of sample " + i);
        }
    }

    @Test
    void theHashFollowsTheSeed() {
        assertEquals(load(0.1, 3).contentHash(), load(0.1, 3).contentHash());
        assertNotEquals(load(0.1, 3).contentHash(), load(0.1, 4).contentHash());
    }
}

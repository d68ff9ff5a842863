package ${package};

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.engram.api.memory.Memory;
import org.engram.api.memory.MemoryTask;
import org.engram.api.network.Window;
import org.engram.api.param.Parameters;
import org.engram.testkit.TestTrialContext;
import org.engram.testkit.TestWindow;
import org.junit.jupiter.api.Test;

/** What the memory computes; the contract suite in ${className}ContractTest checks how it behaves as a plugin. */
class ${className}Test {

    /** A task whose exact signal for a layer of two units is (k, -k) at its k-th request, k = 1, 2, ... */
    private static final class CountingTask implements MemoryTask {
        private int requests;

        @Override
        public int layers() {
            return 1;
        }

        @Override
        public int signalSize(int layer) {
            return 2;
        }

        @Override
        public int windowLength() {
            return 1;
        }

        @Override
        public void exactSignal(int layer, Window window, double[] activity, double[] out) {
            requests++;
            out[0] = requests;
            out[1] = -requests;
        }
    }

    private static double[][] signals(double retention, int steps) {
        ${className} plugin = new ${className}();
        Parameters parameters = Parameters.resolve("test", plugin.parameters(), Map.of("retention", retention));
        Memory memory = plugin.create(new CountingTask(), parameters, new TestTrialContext(1));
        TestWindow window = TestWindow.of(1, 1, 2).push(new double[] {0}, 0);
        double[][] out = new double[steps][2];
        for (int t = 0; t < steps; t++) {
            memory.signal(0, window, new double[2], out[t]);
        }
        return out;
    }

    @Test
    void withoutRetentionItIsTheExactSignal() {
        assertArrayEquals(new double[][] {{1, -1}, {2, -2}, {3, -3}}, signals(0.0, 3));
    }

    @Test
    void retentionAveragesThePast() {
        // s1 = 1, s2 = 0.5*1 + 0.5*2 = 1.5, s3 = 0.5*1.5 + 0.5*3 = 2.25
        assertArrayEquals(new double[][] {{1, -1}, {1.5, -1.5}, {2.25, -2.25}}, signals(0.5, 3));
    }
}

package org.engram.dataset.synthetic;

import java.util.Map;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.data.SampleSet;
import org.engram.api.param.Parameters;

/** Test helpers: loading with given parameters, reading points back, and a separability check. */
final class Points {

    private Points() {
    }

    static DataSplits load(Dataset dataset, Map<String, ?> given, long seed) throws Exception {
        return dataset.load(Parameters.resolve("dataset", dataset.parameters(), given), seed);
    }

    static double[][] inputs(SampleSet set) {
        double[][] out = new double[set.size()][set.inputSize()];
        for (int k = 0; k < set.size(); k++) {
            set.copyInput(k, out[k], 0);
        }
        return out;
    }

    static int[] labels(SampleSet set) {
        int[] out = new int[set.size()];
        for (int k = 0; k < set.size(); k++) {
            out[k] = set.label(k);
        }
        return out;
    }

    /**
     * Whether some line through the origin puts every label-1 point strictly on one side and every label-0 point
     * on the other. A separating direction can be turned until it almost touches a point, so it suffices to try
     * the lines just beside each point's direction.
     */
    static boolean separableThroughOrigin(double[][] x, int[] y) {
        for (double[] p : x) {
            double angle = Math.atan2(p[1], p[0]);
            for (double boundary : new double[] {angle + 1e-9, angle - 1e-9}) {
                double w1 = -Math.sin(boundary);
                double w2 = Math.cos(boundary);
                for (int sign : new int[] {1, -1}) {
                    if (allOnTheirSide(x, y, sign * w1, sign * w2)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean allOnTheirSide(double[][] x, int[] y, double w1, double w2) {
        for (int i = 0; i < x.length; i++) {
            double side = x[i][0] * w1 + x[i][1] * w2;
            if ((y[i] == 1) != (side > 0)) {
                return false;
            }
        }
        return true;
    }

    static int count(int[] labels, int label) {
        int n = 0;
        for (int l : labels) {
            n += l == label ? 1 : 0;
        }
        return n;
    }
}

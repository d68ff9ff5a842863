package org.engram.dataset.synthetic;

import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;

/**
 * What the 2021 (arXiv v1) toy sets share (spec §5.3, Appendix A): 100 raw points x ~ U(-1, 1)^2 with a binary
 * label. The 2021 code had no test split: it evaluated (and fit its decoder) on the training points, which is
 * the default here too; {@code testPoints} adds a held-out split drawn after, and so without changing, the
 * training points. Stateless.
 */
abstract class Toy2021Dataset implements Dataset {

    /** The parameters of every 2021 toy set. */
    record Settings(
            @Parameter(defaultValue = "100", min = 2, max = 10_000_000,
                    description = "number of training points (count); the 2021 code used 100")
            int points,
            @Parameter(defaultValue = "0", min = 0, max = 10_000_000,
                    description = "number of extra points drawn for a held-out test split (count); 0 tests on the training "
                            + "points, as the 2021 code did")
            int testPoints) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    static final int DIMENSION = 2;

    private final String name;

    Toy2021Dataset(String name) {
        this.name = name;
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public DataSplits load(Parameters parameters, long seed) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        int points = settings.points();
        int testPoints = settings.testPoints();
        int total = points + testPoints;
        double[] inputs = new double[total * DIMENSION];
        byte[] labels = new byte[total];
        generate(new SplittableRandom(seed), inputs, labels);
        PointSet train = PointSet.range(inputs, labels, DIMENSION, 0, points);
        PointSet test = testPoints == 0 ? train : PointSet.range(inputs, labels, DIMENSION, points, total);
        String id = name + "[points=" + points + (testPoints == 0 ? ",test=train]" : ",testPoints=" + testPoints + "]");
        return new PointSplits(id, train, test);
    }

    /**
     * Fills every point from {@code random} alone, in order, so the first points do not depend on how many follow.
     *
     * @param inputs [points * 2], point after point
     * @param labels [points], 0 or 1
     */
    abstract void generate(SplittableRandom random, double[] inputs, byte[] labels);
}

package org.engram.dataset.synthetic;

import java.util.SplittableRandom;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;

/**
 * What the Frontiers toy sets share (spec §5.1): 2-D points, two classes, the first {@code trainPoints} for
 * training and the rest for testing, every input multiplied by {@code inputScale}. Stateless.
 */
abstract class FrontiersToyDataset implements Dataset {

    /** The authors' preprocessing divided the toy inputs by 255, as if they were pixels (spec §5.1, §8 Q8). */
    static final double AUTHORS_INPUT_SCALE = 1.0 / 255.0;

    static final int DIMENSION = 2;

    private final String name;

    FrontiersToyDataset(String name) {
        this.name = name;
    }

    /** The parameters every Frontiers toy set has; a subclass declares them as a group before its own. */
    record Common(
            @Parameter(defaultValue = "1000", min = 2, max = 10_000_000,
                    description = "number of points generated, train and test together (count)")
            int points,
            @Parameter(defaultValue = "900", min = 1, max = 10_000_000,
                    description = "the first this many points are the training split, the rest the test split (count); must be "
                            + "less than points")
            int trainPoints,
            @Parameter(defaultValue = "" + AUTHORS_INPUT_SCALE, min = 0.0,
                    description = "factor applied to every input coordinate (dimensionless). The default 1/255 reproduces a quirk of "
                            + "the authors' code, which divided the toy inputs by 255 as if they were pixels and so "
                            + "produced the published curves (spec §8 Q8); 1 gives the unscaled points")
            double inputScale) {

        static final ParameterSet<Common> PARAMETERS = ParameterSet.of(Common.class);
    }

    @Override
    public DataSplits load(Parameters parameters, long seed) throws DataException {
        Common common = Common.PARAMETERS.read(parameters);
        int points = common.points();
        int trainPoints = common.trainPoints();
        double scale = common.inputScale();
        if (trainPoints >= points) {
            throw new DataException("dataset '" + name + "': parameter 'trainPoints' = " + trainPoints
                    + " leaves no test points out of 'points' = " + points + "; make trainPoints less than points "
                    + "(the paper uses 900 of 1000)");
        }
        double[] inputs = new double[points * DIMENSION];
        byte[] labels = new byte[points];
        generate(parameters, new SplittableRandom(seed), inputs, labels);
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] *= scale;
        }
        String id = name + "[" + idDetails(parameters) + "points=" + points + ",train=" + trainPoints
                + ",inputScale=" + scale + "]";
        return new PointSplits(id, PointSet.range(inputs, labels, DIMENSION, 0, trainPoints),
                PointSet.range(inputs, labels, DIMENSION, trainPoints, points));
    }

    /**
     * Fills every point, unscaled, from {@code random} alone.
     *
     * @param inputs [points * 2], point after point
     * @param labels [points], 0 or 1
     */
    abstract void generate(Parameters parameters, SplittableRandom random, double[] inputs, byte[] labels);

    /** The subclass's own parameters for the id, each followed by a comma, e.g. {@code noise=0.1,}; or empty. */
    String idDetails(Parameters parameters) {
        return "";
    }
}

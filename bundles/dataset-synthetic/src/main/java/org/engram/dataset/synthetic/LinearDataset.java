package org.engram.dataset.synthetic;

import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.EngramDataset;
import org.engram.api.data.Dataset;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * The Frontiers "Linear" set (spec §5.1): x ~ U(-1, 1)^2, a random boundary w ~ N(0, I2) through the origin,
 * label 1[x.w > 0].
 */
@Component(service = Dataset.class)
@EngramDataset("linear")
public final class LinearDataset extends FrontiersToyDataset {

    public LinearDataset() {
        super("linear");
    }

    @Override
    public String description() {
        return "Frontiers Linear: 1000 points x ~ U(-1,1)^2, label 1[x.w > 0] for a random w ~ N(0, I); "
                + "900 train / 100 test; inputs scaled by 1/255 as in the authors' code";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Common.PARAMETERS.descriptors();
    }

    @Override
    void generate(Parameters parameters, SplittableRandom random, double[] inputs, byte[] labels) {
        // separate streams for points and boundary, as the authors used separate keys
        SplittableRandom pointRandom = random.split();
        SplittableRandom boundaryRandom = random.split();
        double w1 = Draws.normal(boundaryRandom);
        double w2 = Draws.normal(boundaryRandom);
        for (int i = 0; i < labels.length; i++) {
            double x1 = Draws.uniform(pointRandom, -1, 1);
            double x2 = Draws.uniform(pointRandom, -1, 1);
            inputs[2 * i] = x1;
            inputs[2 * i + 1] = x2;
            labels[i] = (byte) (x1 * w1 + x2 * w2 > 0 ? 1 : 0);
        }
    }
}

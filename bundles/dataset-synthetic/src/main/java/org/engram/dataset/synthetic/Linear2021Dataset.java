package org.engram.dataset.synthetic;

import java.util.SplittableRandom;
import org.engram.api.EngramDataset;
import org.engram.api.data.Dataset;
import org.osgi.service.component.annotations.Component;

/**
 * The 2021 "linear" task (spec §5.3, Appendix A {@code dense_test}): x ~ U(-1, 1)^2, a random boundary
 * w ~ U[0, 1)^2 through the origin, label 1[w.x > 0]; the network was 2 -> 1.
 */
@Component(service = Dataset.class)
@EngramDataset("linear-2021")
public final class Linear2021Dataset extends Toy2021Dataset {

    public Linear2021Dataset() {
        super("linear-2021");
    }

    @Override
    public String description() {
        return "2021 linear task: 100 points x ~ U(-1,1)^2, label 1[w.x > 0] for a random w ~ U[0,1)^2; "
                + "tested on the training points unless testPoints > 0";
    }

    @Override
    void generate(SplittableRandom random, double[] inputs, byte[] labels) {
        SplittableRandom pointRandom = random.split();
        SplittableRandom boundaryRandom = random.split();
        double w1 = boundaryRandom.nextDouble();
        double w2 = boundaryRandom.nextDouble();
        for (int i = 0; i < labels.length; i++) {
            double x1 = Draws.uniform(pointRandom, -1, 1);
            double x2 = Draws.uniform(pointRandom, -1, 1);
            inputs[2 * i] = x1;
            inputs[2 * i + 1] = x2;
            labels[i] = (byte) (w1 * x1 + w2 * x2 > 0 ? 1 : 0);
        }
    }
}

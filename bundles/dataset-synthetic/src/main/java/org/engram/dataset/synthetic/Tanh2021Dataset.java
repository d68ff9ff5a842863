package org.engram.dataset.synthetic;

import java.util.SplittableRandom;
import org.engram.api.EngramDataset;
import org.engram.api.data.Dataset;
import org.osgi.service.component.annotations.Component;

/**
 * The 2021 "tanh" task (spec §5.3, Appendix A {@code chain_test}): x ~ U(-1, 1)^2, label
 * 1[tanh(3 x1) - x2 > 0], i.e. the boundary W = [1, -1] on the features [tanh(3 x1), x2]. The network sees the
 * raw x (the features only make the labels), so a hidden layer (2 -> 2 -> 1) is needed.
 */
@Component(service = Dataset.class)
@EngramDataset("tanh-2021")
public final class Tanh2021Dataset extends Toy2021Dataset {

    public Tanh2021Dataset() {
        super("tanh-2021");
    }

    @Override
    public String description() {
        return "2021 tanh task: 100 points x ~ U(-1,1)^2, label 1[tanh(3 x1) - x2 > 0] (a curved boundary); "
                + "tested on the training points unless testPoints > 0";
    }

    @Override
    void generate(SplittableRandom random, double[] inputs, byte[] labels) {
        for (int i = 0; i < labels.length; i++) {
            double x1 = Draws.uniform(random, -1, 1);
            double x2 = Draws.uniform(random, -1, 1);
            inputs[2 * i] = x1;
            inputs[2 * i + 1] = x2;
            labels[i] = (byte) (StrictMath.tanh(3 * x1) - x2 > 0 ? 1 : 0);
        }
    }
}

package org.engram.dataset.synthetic;

import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.EngramDataset;
import org.engram.api.data.Dataset;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterGroup;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * The Frontiers "XOR" set (spec §5.1): corners c drawn uniformly from {0,1}^2, label c1 XOR c2, input
 * c + N(0, noise^2 I).
 */
@Component(service = Dataset.class)
@EngramDataset("xor")
public final class XorDataset extends FrontiersToyDataset {

    /** The parameters: the common ones, then the noise. */
    record Settings(
            @ParameterGroup Common common,
            @Parameter(defaultValue = "0.1", min = 0.0,
                    description = "standard deviation of the Gaussian noise added to each corner coordinate, before inputScale "
                            + "(input units; the paper's 0.1)")
            double noise) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    public XorDataset() {
        super("xor");
    }

    @Override
    public String description() {
        return "Frontiers XOR: 1000 noisy corners of the unit square (noise N(0, 0.1^2)), label x1 XOR x2; "
                + "900 train / 100 test; inputs scaled by 1/255 as in the authors' code";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    void generate(Parameters parameters, SplittableRandom random, double[] inputs, byte[] labels) {
        double noise = Settings.PARAMETERS.read(parameters).noise();
        // corners then noise from separate streams, as the authors split one key in two
        SplittableRandom cornerRandom = random.split();
        SplittableRandom noiseRandom = random.split();
        for (int i = 0; i < labels.length; i++) {
            int c1 = randomBit(cornerRandom);
            int c2 = randomBit(cornerRandom);
            labels[i] = (byte) (c1 ^ c2);
            inputs[2 * i] = c1 + noise * Draws.normal(noiseRandom);
            inputs[2 * i + 1] = c2 + noise * Draws.normal(noiseRandom);
        }
    }

    /** The top bit of one draw: uniform, and independent of how the JDK implements nextInt(bound). */
    private static int randomBit(SplittableRandom random) {
        return (int) (random.nextLong() >>> 63);
    }

    @Override
    String idDetails(Parameters parameters) {
        return "noise=" + Settings.PARAMETERS.read(parameters).noise() + ",";
    }
}

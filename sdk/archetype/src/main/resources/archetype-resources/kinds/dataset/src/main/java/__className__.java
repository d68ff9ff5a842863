package ${package};

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.engram.api.EngramDataset;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.data.SampleSet;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * The dataset '${pluginName}'. As generated: two concentric rings in the plane, class 0 on the circle of
 * radius 1 and class 1 on radius 2, plus Gaussian noise; a problem no linear readout solves. Everything
 * follows from the trial's seed. A dataset that reads files names them in a text parameter and throws
 * {@link DataException} with the file, the problem and the fix when they are missing or malformed.
 */
@Component(service = Dataset.class)
@EngramDataset("${pluginName}")
public final class ${className} implements Dataset {

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "1000", min = 1, max = 10_000_000,
                    description = "samples in the training split (count)")
            int train,
            @Parameter(defaultValue = "200", min = 1, max = 10_000_000,
                    description = "samples in the test split (count)")
            int test,
            @Parameter(defaultValue = "0.1", min = 0.0, max = 10.0,
                    description = "standard deviation of the noise added to each coordinate, in units of the inner radius")
            double noise) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public String description() {
        return "two concentric rings, radius 1 and 2, with Gaussian noise (generated example)";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public DataSplits load(Parameters parameters, long seed) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        int trainSize = settings.train();
        int testSize = settings.test();
        double noise = settings.noise();
        SplittableRandom random = new SplittableRandom(seed);
        Rings train = Rings.generate(trainSize, noise, random);
        Rings test = Rings.generate(testSize, noise, random);
        String id = String.format(Locale.ROOT, "${pluginName}[train=%d,test=%d,noise=%s]", trainSize, testSize, noise);
        String hash = sha256(train, test);
        return new DataSplits() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String contentHash() {
                return hash;
            }

            @Override
            public int[] inputShape() {
                return new int[] {2};
            }

            @Override
            public int classes() {
                return 2;
            }

            @Override
            public SampleSet train() {
                return train;
            }

            @Override
            public SampleSet test() {
                return test;
            }
        };
    }

    /** SHA-256 of the inputs and labels of both splits, as the network sees them. */
    private static String sha256(Rings... splits) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Rings split : splits) {
                ByteBuffer bytes = ByteBuffer.allocate(8 * split.inputs.length + 4 * split.labels.length);
                bytes.asDoubleBuffer().put(split.inputs);
                bytes.position(8 * split.inputs.length);
                bytes.asIntBuffer().put(split.labels);
                digest.update(bytes.array());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** One split, kept as flat arrays; reading a sample copies it and allocates nothing. */
    static final class Rings implements SampleSet {
        final double[] inputs;
        final int[] labels;

        private Rings(double[] inputs, int[] labels) {
            this.inputs = inputs;
            this.labels = labels;
        }

        static Rings generate(int count, double noise, SplittableRandom random) {
            double[] inputs = new double[2 * count];
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = random.nextInt(2);
                double radius = labels[i] + 1;
                double angle = 2 * Math.PI * random.nextDouble();
                inputs[2 * i] = radius * Math.cos(angle) + noise * gaussian(random);
                inputs[2 * i + 1] = radius * Math.sin(angle) + noise * gaussian(random);
            }
            return new Rings(inputs, labels);
        }

        /** A standard normal by Box-Muller, so the data does not depend on the JDK's Gaussian algorithm. */
        private static double gaussian(SplittableRandom random) {
            double u = 1.0 - random.nextDouble(); // (0, 1], keeps log finite
            return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
        }

        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public int inputSize() {
            return 2;
        }

        @Override
        public int label(int index) {
            return labels[index];
        }

        @Override
        public void copyInput(int index, double[] destination, int offset) {
            if (index < 0 || index >= labels.length) {
                throw new IndexOutOfBoundsException("sample " + index + " of " + labels.length);
            }
            destination[offset] = inputs[2 * index];
            destination[offset + 1] = inputs[2 * index + 1];
        }
    }
}

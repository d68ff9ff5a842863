package org.engram.examples.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.data.Dataset;
import org.engram.api.param.Parameters;
import org.engram.testkit.DatasetContract;
import org.junit.jupiter.api.io.TempDir;

/** The checks every dataset passes, from the Engram test kit, on two CSV files written for them. */
class CsvDatasetContractTest extends DatasetContract {

    @TempDir
    Path folder;

    @Override
    protected Dataset dataset() {
        return new CsvDataset();
    }

    /** 60 training and 20 test rows of three noisy inputs whose label is the quadrant of the first two. */
    @Override
    protected Parameters parameters() {
        try {
            Path train = Files.writeString(folder.resolve("train.csv"), rows(60, 1));
            Path test = Files.writeString(folder.resolve("test.csv"), rows(20, 2));
            return Parameters.resolve("csv", dataset().parameters(),
                    Map.of("train", train.toString(), "test", test.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rows(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("x1,x2,x3,label\n");
        for (int i = 0; i < count; i++) {
            double x1 = random.nextDouble(-1, 1);
            double x2 = random.nextDouble(-1, 1);
            int label = (x1 > 0 ? 1 : 0) + (x2 > 0 ? 2 : 0);
            csv.append(x1).append(',').append(x2).append(',').append(random.nextDouble()).append(',').append(label).append('\n');
        }
        return csv.toString();
    }
}

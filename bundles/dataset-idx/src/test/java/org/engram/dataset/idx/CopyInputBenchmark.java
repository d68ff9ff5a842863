package org.engram.dataset.idx;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.engram.api.data.DataSplits;
import org.engram.api.param.Parameters;

/**
 * Measures loading real MNIST and streaming all 60 000 training inputs through copyInput. Not a test: run
 * it by hand from the module folder, after {@code mvn install} and ./setup-data.sh:
 * <pre>
 * java -cp target/classes:target/test-classes:$HOME/.m2/repository/org/engram/org.engram.api/0.1.0-SNAPSHOT/org.engram.api-0.1.0-SNAPSHOT.jar:$HOME/.m2/repository/org/osgi/osgi.core/8.0.0/osgi.core-8.0.0.jar org.engram.dataset.idx.CopyInputBenchmark [data folder]
 * </pre>
 */
public final class CopyInputBenchmark {

    private CopyInputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "../../data/mnist").toAbsolutePath().normalize();
        MnistDataset dataset = new MnistDataset(List.of());
        Parameters parameters = Parameters.resolve("dataset", dataset.parameters(), Map.of("folder", folder.toString()));

        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            DataSplits data = dataset.load(parameters, 1);
            System.out.printf(Locale.ROOT, "load %s: %.0f ms%n", data.id(), (System.nanoTime() - start) / 1e6);
        }

        DataSplits data = dataset.load(parameters, 1);
        int n = data.train().size();
        int size = data.train().inputSize();
        double[] window = new double[8 * size];
        double checksum = 0;
        for (int pass = 0; pass < 10; pass++) {
            long start = System.nanoTime();
            for (int k = 0; k < n; k++) {
                data.train().copyInput(k, window, (k & 7) * size);
                checksum += window[(k & 7) * size + 400];
            }
            long elapsed = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "pass %d: %d copies in %.1f ms = %.0f ns/sample, %.2f GB/s of doubles written%n",
                    pass, n, elapsed / 1e6, (double) elapsed / n, (double) n * size * 8 / elapsed);
        }
        System.out.println("checksum " + checksum);
    }
}

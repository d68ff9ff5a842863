package org.engram.dataset.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.data.SampleSet;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;

/**
 * Reads the real MNIST and Fashion-MNIST files that ./setup-data.sh fetches. The data folder is system property
 * {@code engram.data} (default {@code ../../data}: the repository's data/ seen from this module). A missing
 * folder fails the test rather than skipping it: CI fetches the data before the tests run.
 * The expected values were computed independently of this code (xxd for labels, Python for means and hashes).
 */
class RealDataTest {

    private static Path dataFolder(String set) {
        Path root = Path.of(System.getProperty("engram.data", "../../data")).toAbsolutePath().normalize();
        Path folder = root.resolve(set);
        if (!Files.isDirectory(folder)) {
            fail("real data not found: " + folder + " does not exist. Run ./setup-data.sh at the repository root, "
                    + "or pass -Dengram.data=<folder holding mnist/ and fashion-mnist/>");
        }
        return folder;
    }

    private static DataSplits load(Dataset dataset, String set, String normalization) throws Exception {
        Map<String, ?> given = Map.of("folder", dataFolder(set).toString(), "normalization", normalization);
        return dataset.load(Parameters.resolve("dataset", dataset.parameters(), given), 42);
    }

    /** Plain summation of 47 M values: about 1e-11 relative error, hence the 1e-9 tolerances. */
    private static double meanInput(SampleSet set) {
        double[] x = new double[set.inputSize()];
        double sum = 0;
        for (int k = 0; k < set.size(); k++) {
            set.copyInput(k, x, 0);
            for (double v : x) {
                sum += v;
            }
        }
        return sum / ((double) set.size() * set.inputSize());
    }

    @Test
    void mnistHasSixtyThousandTrainAndTenThousandTestDigits() throws Exception {
        DataSplits mnist = load(new MnistDataset(List.of()), "mnist", "SYMMETRIC");

        assertEquals(60_000, mnist.train().size());
        assertEquals(10_000, mnist.test().size());
        assertArrayEquals(new int[] {28, 28}, mnist.inputShape());
        assertEquals(5, mnist.train().label(0), "the first training digit is a 5");
        assertEquals(0, mnist.train().label(1));
        assertEquals(7, mnist.test().label(0), "the first test digit is a 7");
        assertEquals("ea1e98edf98af1891d1b24e06275fc680d2515119f4e9af8fedae70e4f4afe3b", mnist.contentHash());
    }

    @Test
    void mnistPixelMeanIsTheKnownOneUnderBothNormalizations() throws Exception {
        double unitMean = meanInput(load(new MnistDataset(List.of()), "mnist", "UNIT").train());
        double symmetricMean = meanInput(load(new MnistDataset(List.of()), "mnist", "SYMMETRIC").train());

        assertEquals(0.1306604762738429, unitMean, 1e-9);
        assertEquals(2 * 0.1306604762738429 - 1, symmetricMean, 1e-9);
    }

    @Test
    void fashionMnistHasSixtyThousandTrainAndTenThousandTestImages() throws Exception {
        DataSplits fashion = load(new FashionMnistDataset(List.of()), "fashion-mnist", "UNIT");

        assertEquals(60_000, fashion.train().size());
        assertEquals(10_000, fashion.test().size());
        assertEquals(9, fashion.train().label(0), "the first training image is an ankle boot");
        assertEquals(9, fashion.test().label(0));
        assertEquals(2, fashion.test().label(1));
        assertEquals(0.2860405969887955, meanInput(fashion.train()), 1e-9);
        assertEquals("75b5e7b25bb5e4f277c9d6a4f79906b615b372153cd647df4bdc26721ff7cecc", fashion.contentHash());
    }

    @Test
    void halfOfMnistIsStratified() throws Exception {
        MnistDataset dataset = new MnistDataset(List.of());
        Map<String, ?> given = Map.of("folder", dataFolder("mnist").toString(), "trainFraction", 0.5);
        DataSplits half = dataset.load(Parameters.resolve("dataset", dataset.parameters(), given), 42);

        int[] all = new int[10];
        int[] kept = new int[10];
        SampleSet full = load(dataset, "mnist", "SYMMETRIC").train();
        for (int k = 0; k < full.size(); k++) {
            all[full.label(k)]++;
        }
        for (int k = 0; k < half.train().size(); k++) {
            kept[half.train().label(k)]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(Math.round(all[c] * 0.5), kept[c], "class " + c);
        }
        assertEquals(10_000, half.test().size());
    }
}

package org.engram.dataset.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.data.SampleSet;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

class MnistDatasetTest {

    @TempDir
    Path temp;

    private static DataSplits load(Dataset dataset, Map<String, ?> given, long seed) throws Exception {
        return dataset.load(Parameters.resolve("dataset", dataset.parameters(), given), seed);
    }

    private DataSplits loadFolder(Path folder, String normalization) throws Exception {
        return load(new MnistDataset(List.of(temp)), Map.of("folder", folder.toString(), "normalization", normalization), 1);
    }

    @Test
    void readsRawFilesIntoLabelsShapeAndSymmetricValues() throws Exception {
        Path folder = temp.resolve("raw");
        IdxFixtures.writeSet(folder, 12, 5, false);

        DataSplits data = loadFolder(folder, "SYMMETRIC");

        assertEquals("mnist[symmetric]", data.id());
        assertArrayEquals(new int[] {28, 28}, data.inputShape());
        assertEquals(10, data.classes());
        assertEquals(12, data.train().size());
        assertEquals(5, data.test().size());
        assertEquals(784, data.train().inputSize());
        for (int k = 0; k < 12; k++) {
            assertEquals(k % 10, data.train().label(k));
        }
        for (int k = 0; k < 5; k++) {
            assertEquals(9 - k % 10, data.test().label(k));
        }
        double[] x = new double[784];
        for (int k = 0; k < 12; k++) {
            data.train().copyInput(k, x, 0);
            for (int i = 0; i < 784; i++) {
                assertEquals(2.0 * IdxFixtures.pixel(k, i) / 255.0 - 1.0, x[i], 1e-15, "train image " + k + " pixel " + i);
            }
        }
        data.test().copyInput(3, x, 0);
        assertEquals(2.0 * IdxFixtures.pixel(103, 500) / 255.0 - 1.0, x[500], 1e-15);
    }

    @Test
    void copyInputWritesAtTheOffsetAndNowhereElse() throws Exception {
        Path folder = temp.resolve("raw");
        IdxFixtures.writeSet(folder, 3, 1, false);
        SampleSet train = loadFolder(folder, "UNIT").train();

        double[] window = new double[3 * 784 + 2];
        window[0] = 42;
        window[window.length - 1] = 43;
        for (int k = 0; k < 3; k++) {
            train.copyInput(k, window, 1 + k * 784);
        }

        assertEquals(42, window[0]);
        assertEquals(43, window[window.length - 1]);
        for (int k = 0; k < 3; k++) {
            assertEquals(IdxFixtures.pixel(k, 0) / 255.0, window[1 + k * 784], 1e-15);
            assertEquals(IdxFixtures.pixel(k, 783) / 255.0, window[k * 784 + 784], 1e-15);
        }
    }

    @Test
    void gzippedFilesReadTheSameAsRawOnes() throws Exception {
        Path raw = temp.resolve("raw");
        Path gzipped = temp.resolve("gz");
        IdxFixtures.writeSet(raw, 7, 4, false);
        IdxFixtures.writeSet(gzipped, 7, 4, true);

        DataSplits a = loadFolder(raw, "SYMMETRIC");
        DataSplits b = loadFolder(gzipped, "SYMMETRIC");

        assertEquals(a.contentHash(), b.contentHash());
        assertSameSamples(a.train(), b.train());
        assertSameSamples(a.test(), b.test());
    }

    @Test
    void gzipIsRecognisedByItsMagicNumberNotItsName() throws Exception {
        Path folder = temp.resolve("mixed");
        IdxFixtures.writeSet(folder, 4, 2, false);
        byte[] raw = Files.readAllBytes(folder.resolve(IdxImageReader.TRAIN_IMAGES));
        Files.write(folder.resolve(IdxImageReader.TRAIN_IMAGES), IdxFixtures.gzip(raw));
        Path plain = temp.resolve("plain");
        IdxFixtures.writeSet(plain, 4, 2, false);

        assertSameSamples(loadFolder(plain, "UNIT").train(), loadFolder(folder, "UNIT").train());
    }

    @Test
    void normalizationsMapBytesToTheirRanges() throws Exception {
        double[] symmetric = Normalization.SYMMETRIC.lookupTable();
        double[] unit = Normalization.UNIT.lookupTable();

        assertEquals(-1.0, symmetric[0]);
        assertEquals(1.0, symmetric[255]);
        assertEquals(-0.6, symmetric[51], 1e-15);
        assertEquals(0.0, unit[0]);
        assertEquals(1.0, unit[255]);
        assertEquals(0.2, unit[51], 1e-15);
        for (int v = 0; v < 256; v++) {
            assertEquals(2 * unit[v] - 1, symmetric[v], 1e-15);
        }
    }

    @Test
    void contentHashIsSha256OfCountsLabelsPixelsAndNormalization() throws Exception {
        Path folder = temp.resolve("raw");
        IdxFixtures.writeSet(folder, 6, 3, false);

        DataSplits data = loadFolder(folder, "UNIT");

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(new byte[] {0, 0, 0, 6});
        expected.write(new byte[] {0, 1, 2, 3, 4, 5});
        expected.write(IdxFixtures.pixels(6));
        expected.write(new byte[] {0, 0, 0, 3});
        expected.write(new byte[] {9, 8, 7});
        expected.write(IdxFixtures.testPixels(3));
        expected.write("UNIT".getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(sha.digest(expected.toByteArray())), data.contentHash());
    }

    @Test
    void contentHashIsStableAndChangesWithDataOrNormalization() throws Exception {
        Path folder = temp.resolve("raw");
        IdxFixtures.writeSet(folder, 6, 3, false);
        String first = loadFolder(folder, "SYMMETRIC").contentHash();

        assertEquals(first, loadFolder(folder, "SYMMETRIC").contentHash());
        assertTrue(first.matches("[0-9a-f]{64}"), first);
        assertNotEquals(first, loadFolder(folder, "UNIT").contentHash());

        byte[] pixels = IdxFixtures.pixels(6);
        pixels[100] ^= 1;
        IdxFixtures.write(folder, IdxImageReader.TRAIN_IMAGES, IdxFixtures.images(6, pixels));
        assertNotEquals(first, loadFolder(folder, "SYMMETRIC").contentHash());
    }

    @Test
    void relativeFolderIsFoundInTheFirstBaseDirectoryThatHasIt() throws Exception {
        Path launcherDir = temp.resolve("launcher");
        Path processDir = temp.resolve("process");
        Files.createDirectories(launcherDir);
        IdxFixtures.writeSet(processDir.resolve("data/mnist"), 2, 1, false);
        MnistDataset dataset = new MnistDataset(List.of(launcherDir, processDir));

        assertEquals(2, load(dataset, Map.of(), 1).train().size());

        IdxFixtures.writeSet(launcherDir.resolve("data/mnist"), 3, 1, false);
        assertEquals(3, load(dataset, Map.of(), 1).train().size());
    }

    @Test
    void launcherWorkingDirectoryComesBeforeTheProcessOne() {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> method.getName().equals("getProperty") && "engram.workdir".equals(args[0])
                        ? "/launched/here" : null);

        assertEquals(List.of(Path.of("/launched/here"), Path.of("").toAbsolutePath()),
                DataFolders.baseDirectories(context));
        assertEquals(List.of(Path.of("").toAbsolutePath()), DataFolders.baseDirectories(null));
    }

    @Test
    void fashionMnistDefaultsToItsOwnFolderAndId() throws Exception {
        IdxFixtures.writeSet(temp.resolve("data/fashion-mnist"), 2, 1, true);
        FashionMnistDataset dataset = new FashionMnistDataset(List.of(temp));

        DataSplits data = load(dataset, Map.of("normalization", "unit"), 1);

        assertEquals("fashion-mnist[unit]", data.id());
        assertEquals(2, data.train().size());
        assertEquals("data/fashion-mnist", Parameters.defaults(dataset.parameters()).getString("folder"));
        assertEquals("data/mnist", Parameters.defaults(new MnistDataset(List.of(temp)).parameters()).getString("folder"));
    }

    @Test
    void everyParameterHasADescriptionAndTheDefaultsResolve() {
        MnistDataset dataset = new MnistDataset(List.of(temp));
        for (ParameterDescriptor p : dataset.parameters()) {
            assertFalse(p.description().isBlank(), p.name());
        }
        Parameters defaults = Parameters.defaults(dataset.parameters());
        assertEquals("SYMMETRIC", defaults.getString("normalization"));
        assertEquals(1.0, defaults.getDouble("trainFraction"));
        assertFalse(dataset.description().isBlank());
    }

    @Test
    void trainFractionKeepsThatShareOfEachClassInOriginalOrder() throws Exception {
        IdxFixtures.writeSet(temp.resolve("data/mnist"), 200, 10, false);
        MnistDataset dataset = new MnistDataset(List.of(temp));

        DataSplits half = load(dataset, Map.of("trainFraction", 0.5, "normalization", "UNIT"), 7);

        assertEquals("mnist[unit,train=0.5]", half.id());
        assertEquals(100, half.train().size());
        assertEquals(10, half.test().size());
        int[] perClass = new int[10];
        int previous = -1;
        double[] x = new double[784];
        for (int k = 0; k < half.train().size(); k++) {
            int original = originalIndex(half.train(), k, x);
            assertTrue(original > previous, "kept samples stay in their original order");
            assertEquals(original % 10, half.train().label(k), "a kept sample keeps its own label");
            perClass[half.train().label(k)]++;
            previous = original;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(10, perClass[c], "class " + c);
        }
        assertEquals(half.contentHash(), load(dataset, Map.of("trainFraction", 0.5, "normalization", "UNIT"), 7).contentHash());
        assertNotEquals(half.contentHash(), load(dataset, Map.of("trainFraction", 0.5, "normalization", "UNIT"), 8).contentHash());
    }

    /** Recovers which generated image a sample is from its first two pixels (pattern 37k + 3i mod 256). */
    private static int originalIndex(SampleSet set, int k, double[] buffer) {
        set.copyInput(k, buffer, 0);
        int first = (int) Math.round(buffer[0] * 255);
        for (int image = 0; image < 256; image++) {
            if (IdxFixtures.pixel(image, 0) == first) {
                return image;
            }
        }
        throw new AssertionError("no generated image starts with " + first);
    }

    @Test
    void copyInputAllocatesNothing() throws Exception {
        IdxFixtures.writeSet(temp.resolve("data/mnist"), 50, 1, false);
        SampleSet train = load(new MnistDataset(List.of(temp)), new HashMap<>(), 1).train();
        double[] x = new double[784];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            train.copyInput(i % 50, x, 0);
        }

        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            train.copyInput(i % 50, x, 0);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertTrue(allocated < 4096, "100 000 copies allocated " + allocated + " bytes");
    }

    private static void assertSameSamples(SampleSet a, SampleSet b) {
        assertEquals(a.size(), b.size());
        double[] xa = new double[a.inputSize()];
        double[] xb = new double[b.inputSize()];
        for (int k = 0; k < a.size(); k++) {
            assertEquals(a.label(k), b.label(k));
            a.copyInput(k, xa, 0);
            b.copyInput(k, xb, 0);
            assertArrayEquals(xa, xb);
        }
    }
}

package org.engram.dataset.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10's binary batches, on small files written here (no registry ships CIFAR-10). */
class Cifar10DatasetTest {

    private static final int PIXELS = 3 * 32 * 32;
    private static final double[] MEAN = {0.4914, 0.4822, 0.4465};
    private static final double[] SD = {0.247, 0.243, 0.261};

    @TempDir
    Path temp;

    /** Byte at position p of channel c of the image numbered s over all files. */
    private static int pixel(int s, int c, int p) {
        return (s * 31 + c * 7 + p) & 0xFF;
    }

    /** Records numbered {@code first ..} with labels {@code s % 10}. */
    private static byte[] batch(int first, int records) {
        byte[] out = new byte[records * (1 + PIXELS)];
        for (int r = 0; r < records; r++) {
            int s = first + r;
            int at = r * (1 + PIXELS);
            out[at] = (byte) (s % 10);
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    out[at + 1 + c * 1024 + p] = (byte) pixel(s, c, p);
                }
            }
        }
        return out;
    }

    /** Five training files of two records (images 0..9) and a test file of three (images 100..102). */
    private static void writeSet(Path folder, boolean gzipped) throws Exception {
        String suffix = gzipped ? ".gz" : "";
        for (int f = 0; f < 5; f++) {
            byte[] content = batch(2 * f, 2);
            IdxFixtures.write(folder, "data_batch_" + (f + 1) + ".bin" + suffix, gzipped ? IdxFixtures.gzip(content) : content);
        }
        byte[] test = batch(100, 3);
        IdxFixtures.write(folder, "test_batch.bin" + suffix, gzipped ? IdxFixtures.gzip(test) : test);
    }

    private DataSplits load(Map<String, ?> given) throws DataException {
        Cifar10Dataset dataset = new Cifar10Dataset(List.of(temp));
        return dataset.load(Parameters.resolve("dataset", dataset.parameters(), given), 1);
    }

    private String loadFails() {
        return assertThrows(DataException.class, () -> load(Map.of())).getMessage();
    }

    @Test
    void readsAllBatchesInOrderWithStandardizedChannels() throws Exception {
        writeSet(temp.resolve("data/cifar10"), false);

        DataSplits data = load(Map.of());

        assertEquals("cifar10[standardized]", data.id());
        assertArrayEquals(new int[] {3, 32, 32}, data.inputShape());
        assertEquals(10, data.classes());
        assertEquals(10, data.train().size());
        assertEquals(3, data.test().size());
        assertEquals(3072, data.train().inputSize());
        double[] x = new double[3072];
        for (int s = 0; s < 10; s++) {
            assertEquals(s % 10, data.train().label(s));
            data.train().copyInput(s, x, 0);
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p += 97) {
                    assertEquals((pixel(s, c, p) / 255.0 - MEAN[c]) / SD[c], x[c * 1024 + p], 1e-12,
                            "image " + s + " channel " + c + " pixel " + p);
                }
            }
        }
        data.test().copyInput(2, x, 0);
        assertEquals(2, data.test().label(2));
        assertEquals((pixel(102, 1, 5) / 255.0 - MEAN[1]) / SD[1], x[1024 + 5], 1e-12);
    }

    @Test
    void unitAndSymmetricIgnoreTheChannel() throws Exception {
        writeSet(temp.resolve("data/cifar10"), false);
        double[] x = new double[3072];

        load(Map.of("normalization", "UNIT")).train().copyInput(3, x, 0);
        assertEquals(pixel(3, 2, 10) / 255.0, x[2048 + 10], 1e-15);

        load(Map.of("normalization", "SYMMETRIC")).train().copyInput(3, x, 0);
        assertEquals(2 * pixel(3, 2, 10) / 255.0 - 1, x[2048 + 10], 1e-15);
        assertEquals(2 * pixel(3, 0, 10) / 255.0 - 1, x[10], 1e-15);
    }

    @Test
    void findsTheUnpackedArchiveFolderAndGzippedFiles() throws Exception {
        writeSet(temp.resolve("data/cifar10/cifar-10-batches-bin"), true);
        writeSet(temp.resolve("plain"), false);

        DataSplits nested = load(Map.of());
        DataSplits plain = load(Map.of("folder", temp.resolve("plain").toString()));

        assertEquals(plain.contentHash(), nested.contentHash());
        assertNotEquals(plain.contentHash(), load(Map.of("folder", temp.resolve("plain").toString(),
                "normalization", "UNIT")).contentHash());
    }

    @Test
    void missingFolderSaysNoRegistryShipsIt() {
        String message = loadFails();

        assertTrue(message.contains("data/cifar10") && message.contains("not shipped by any package registry"), message);
    }

    @Test
    void missingTestBatchIsNamed() throws Exception {
        writeSet(temp.resolve("data/cifar10"), false);
        Files.delete(temp.resolve("data/cifar10/test_batch.bin"));

        String message = loadFails();

        assertTrue(message.contains("neither test_batch.bin nor test_batch.bin.gz"), message);
    }

    @Test
    void truncatedBatchSaysItIsNotWholeRecords() throws Exception {
        writeSet(temp.resolve("data/cifar10"), false);
        Path file = temp.resolve("data/cifar10/data_batch_3.bin");
        byte[] content = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(content, content.length - 100));

        String message = loadFails();

        assertTrue(message.contains(file.toString()) && message.contains("truncated")
                && message.contains("6046 bytes is not a whole number of 3073-byte records"), message);
    }

    @Test
    void cifar100FileGetsAHint() throws Exception {
        writeSet(temp.resolve("data/cifar10"), false);
        Files.write(temp.resolve("data/cifar10/test_batch.bin"), new byte[3 * 3074]);

        assertTrue(loadFails().contains("CIFAR-100"));
    }

    @Test
    void labelOutOfRangeNamesFileAndRecord() throws Exception {
        writeSet(temp.resolve("data/cifar10"), false);
        Path file = temp.resolve("data/cifar10/data_batch_5.bin");
        byte[] content = Files.readAllBytes(file);
        content[3073] = 10;
        Files.write(file, content);

        String message = loadFails();

        assertTrue(message.contains(file.toString()) && message.contains("label 10 (record 1) is out of range"), message);
    }
}

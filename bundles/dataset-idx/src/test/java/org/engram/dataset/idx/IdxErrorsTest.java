package org.engram.dataset.idx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.engram.api.data.DataException;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each broken input gives a DataException that names the file, the problem and the fix. */
class IdxErrorsTest {

    @TempDir
    Path temp;

    private Path folder;

    @BeforeEach
    void writeGoodSet() throws Exception {
        folder = temp.resolve("data/mnist");
        IdxFixtures.writeSet(folder, 5, 3, false);
    }

    private String loadFails() {
        return loadFails(Map.of());
    }

    private String loadFails(Map<String, ?> given) {
        MnistDataset dataset = new MnistDataset(List.of(temp));
        DataException e = assertThrows(DataException.class,
                () -> dataset.load(Parameters.resolve("dataset", dataset.parameters(), given), 1));
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
        }
    }

    private Path file(String name) {
        return folder.resolve(name);
    }

    @Test
    void missingFolderSaysWhereItLookedAndToRunTheSetupScript() {
        String message = loadFails(Map.of("folder", "data/nowhere"));

        assertMentions(message, "data/nowhere", "does not exist", temp.resolve("data/nowhere").toString(),
                "./setup-data.sh", "parameter 'folder'");
    }

    /** A named pipe in a file's place is named as such, and never opened: reading it would wait for ever. */
    @Test
    void aFileThatIsANamedPipeIsNamedAsNoRegularFileAndNotRead() throws Exception {
        Path images = file("train-images-idx3-ubyte");
        Files.delete(images);
        assertTrue(new ProcessBuilder("mkfifo", images.toString()).start().waitFor() == 0, "mkfifo");

        String message = loadFails();

        assertMentions(message, images + " is a named pipe (FIFO), not a regular file", "replace it with the data file itself",
                "./setup-data.sh");
    }

    @Test
    void missingFileIsNamedWithTheSetupScript() throws Exception {
        Files.delete(file(IdxImageReader.TEST_LABELS));

        assertMentions(loadFails(), folder.toString(), "neither t10k-labels-idx1-ubyte nor t10k-labels-idx1-ubyte.gz",
                "./setup-data.sh");
    }

    @Test
    void wrongMagicNumberNamesFileMagicAndLikelyCause() throws Exception {
        Files.copy(file(IdxImageReader.TRAIN_IMAGES), file(IdxImageReader.TRAIN_LABELS),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertMentions(loadFails(), file(IdxImageReader.TRAIN_LABELS).toString(), "wrong magic number 0x00000803",
                "swapped", "starts with 0x00000801", "./setup-data.sh");
    }

    @Test
    void htmlInsteadOfIdxIsReportedAsNotAnIdxFile() throws Exception {
        Files.writeString(file(IdxImageReader.TEST_IMAGES), "<!DOCTYPE html><html>Not Found</html>");

        assertMentions(loadFails(), file(IdxImageReader.TEST_IMAGES).toString(), "wrong magic number 0x3c21444f",
                "not an IDX file", "./setup-data.sh");
    }

    @Test
    void emptyFileIsShorterThanAHeader() throws Exception {
        Files.write(file(IdxImageReader.TRAIN_IMAGES), new byte[0]);

        assertMentions(loadFails(), file(IdxImageReader.TRAIN_IMAGES).toString(), "shorter than an IDX header");
    }

    @Test
    void truncatedRawFileSaysHowMuchTheHeaderPromised() throws Exception {
        byte[] whole = Files.readAllBytes(file(IdxImageReader.TRAIN_IMAGES));
        Files.write(file(IdxImageReader.TRAIN_IMAGES), Arrays.copyOf(whole, whole.length - 1000));

        assertMentions(loadFails(), file(IdxImageReader.TRAIN_IMAGES).toString(), "truncated",
                "announces 3920 pixel bytes", "ends after 2920", "./setup-data.sh");
    }

    @Test
    void truncatedGzipFileIsTruncatedToo() throws Exception {
        byte[] labels = Files.readAllBytes(file(IdxImageReader.TRAIN_IMAGES));
        Files.delete(file(IdxImageReader.TRAIN_IMAGES));
        byte[] gzipped = IdxFixtures.gzip(labels);
        Path gz = IdxFixtures.write(folder, IdxImageReader.TRAIN_IMAGES + ".gz", Arrays.copyOf(gzipped, gzipped.length / 2));

        assertMentions(loadFails(), gz.toString(), "truncated", "announces 3920 pixel bytes", "./setup-data.sh");
    }

    @Test
    void headerCountLargerThanTheBodyIsTruncated() throws Exception {
        IdxFixtures.write(folder, IdxImageReader.TRAIN_LABELS,
                IdxFixtures.idx(IdxFile.LABEL_MAGIC, new int[] {6}, new byte[] {0, 1, 2, 3, 4}));

        assertMentions(loadFails(), file(IdxImageReader.TRAIN_LABELS).toString(), "truncated", "announces 6 labels",
                "ends after 5");
    }

    @Test
    void bytesBeyondTheHeaderCountAreReported() throws Exception {
        IdxFixtures.write(folder, IdxImageReader.TEST_LABELS,
                IdxFixtures.idx(IdxFile.LABEL_MAGIC, new int[] {3}, new byte[] {0, 1, 2, 3}));

        assertMentions(loadFails(), file(IdxImageReader.TEST_LABELS).toString(), "goes on past the 3 labels");
    }

    /**
     * A damaged gzip file whose data inflates past the count its header announces (here a sixth label, with the
     * trailer's checksum damaged) is a damaged archive, not an IDX file that goes on.
     */
    @Test
    void aCorruptGzipThatInflatesPastTheHeaderCountIsReportedAsCorrupt() throws Exception {
        byte[] gzipped = IdxFixtures.gzip(IdxFixtures.idx(IdxFile.LABEL_MAGIC, new int[] {5}, new byte[] {0, 1, 2, 3, 4, 5}));
        gzipped[gzipped.length - 8] ^= 0x55; // the CRC-32 of the trailer
        Files.delete(file(IdxImageReader.TRAIN_LABELS));
        Path gz = IdxFixtures.write(folder, IdxImageReader.TRAIN_LABELS + ".gz", gzipped);

        String message = loadFails();
        assertMentions(message, gz + ": the gzip data is corrupt (Corrupt GZIP trailer)", "./setup-data.sh");
        assertTrue(!message.contains("goes on past"), message);
    }

    @Test
    void corruptGzipIsReportedAsSuch() throws Exception {
        byte[] notGzip = "\u001f\u008bgarbage that is not deflate data".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file(IdxImageReader.TRAIN_IMAGES), notGzip);

        assertMentions(loadFails(), file(IdxImageReader.TRAIN_IMAGES).toString(), "gzip", "./setup-data.sh");
    }

    @Test
    void imageAndLabelCountsThatDifferNameBothFiles() throws Exception {
        IdxFixtures.write(folder, IdxImageReader.TRAIN_LABELS, IdxFixtures.labels(new byte[] {0, 1, 2, 3}));

        assertMentions(loadFails(), file(IdxImageReader.TRAIN_IMAGES).toString(), "has 5 images",
                file(IdxImageReader.TRAIN_LABELS).toString(), "has 4 labels", "same release");
    }

    @Test
    void labelOutOfRangeNamesTheSampleAndTheLimit() throws Exception {
        IdxFixtures.write(folder, IdxImageReader.TEST_LABELS, IdxFixtures.labels(new byte[] {0, 10, 2}));

        assertMentions(loadFails(), file(IdxImageReader.TEST_LABELS).toString(), "label 10 (sample 1) is out of range",
                "0 to 9");
    }

    @Test
    void labelByteAbove127IsOutOfRangeNotNegative() throws Exception {
        IdxFixtures.write(folder, IdxImageReader.TEST_LABELS, IdxFixtures.labels(new byte[] {0, 1, (byte) 200}));

        assertMentions(loadFails(), "label 200 (sample 2) is out of range");
    }

    @Test
    void wrongImageDimensionsAreNamed() throws Exception {
        IdxFixtures.write(folder, IdxImageReader.TEST_IMAGES,
                IdxFixtures.idx(IdxFile.IMAGE_MAGIC, new int[] {3, 32, 32}, new byte[3 * 32 * 32]));

        assertMentions(loadFails(), file(IdxImageReader.TEST_IMAGES).toString(), "images are 32x32",
                "this data set's are 28x28");
    }

    @Test
    void absurdHeaderCountIsCaughtBeforeAllocating() throws Exception {
        IdxFixtures.write(folder, IdxImageReader.TRAIN_IMAGES,
                IdxFixtures.idx(IdxFile.IMAGE_MAGIC, new int[] {-1, 28, 28}, new byte[10]));

        assertMentions(loadFails(), file(IdxImageReader.TRAIN_IMAGES).toString(), "4294967295",
                "more than one array can hold");
    }

    @Test
    void trainFractionThatKeepsNothingIsRejected() {
        assertMentions(loadFails(Map.of("trainFraction", 0.0)), "trainFraction", "keeps no training sample");
    }
}

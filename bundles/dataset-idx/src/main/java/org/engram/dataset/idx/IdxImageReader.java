package org.engram.dataset.idx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;

/**
 * Reads an MNIST-layout folder (MNIST, Fashion-MNIST): four IDX files of 28x28 grey images with labels 0..9,
 * each raw or gzipped, and checks them against each other.
 */
final class IdxImageReader {

    static final int ROWS = 28;
    static final int COLUMNS = 28;
    static final int CLASSES = 10;

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    static final String SETUP_FIX = "Run ./setup-data.sh at the repository root (it fetches MNIST and Fashion-MNIST "
            + "into data/ and checks them), or set parameter 'folder' to the folder that holds "
            + TRAIN_IMAGES + ", " + TRAIN_LABELS + ", " + TEST_IMAGES + " and " + TEST_LABELS + " (each may end in .gz)";

    private IdxImageReader() {
    }

    /**
     * @param dataset       the plugin's name, for the id and messages
     * @param folder        an existing folder holding the four files
     * @param trainFraction the share of each class of the training split to keep, in (0, 1]; 1 keeps all
     * @param seed          picks the kept training samples when {@code trainFraction < 1}
     */
    static DataSplits read(String dataset, Path folder, Normalization normalization, double trainFraction, long seed)
            throws DataException {
        if (!(trainFraction > 0)) {
            throw new DataException("dataset '" + dataset + "': parameter 'trainFraction' = " + trainFraction
                    + " keeps no training sample; use a value in (0, 1]");
        }
        Path trainImagesFile = DataFolders.find(dataset, folder, TRAIN_IMAGES, SETUP_FIX);
        Path trainLabelsFile = DataFolders.find(dataset, folder, TRAIN_LABELS, SETUP_FIX);
        Path testImagesFile = DataFolders.find(dataset, folder, TEST_IMAGES, SETUP_FIX);
        Path testLabelsFile = DataFolders.find(dataset, folder, TEST_LABELS, SETUP_FIX);

        IdxFile.Images trainImages = IdxFile.readImages(trainImagesFile, ROWS, COLUMNS);
        byte[] trainLabels = IdxFile.readLabels(trainLabelsFile, CLASSES);
        checkSameCount(trainImagesFile, trainImages.count(), trainLabelsFile, trainLabels.length);
        IdxFile.Images testImages = IdxFile.readImages(testImagesFile, ROWS, COLUMNS);
        byte[] testLabels = IdxFile.readLabels(testLabelsFile, CLASSES);
        checkSameCount(testImagesFile, testImages.count(), testLabelsFile, testLabels.length);

        int inputSize = ROWS * COLUMNS;
        byte[] keptPixels = trainImages.pixels();
        byte[] keptLabels = trainLabels;
        String id = dataset + "[" + normalization.word();
        if (trainFraction < 1.0) {
            int[] kept = stratifiedSubset(trainLabels, trainFraction, new SplittableRandom(seed));
            if (kept.length == 0) {
                throw new DataException("dataset '" + dataset + "': parameter 'trainFraction' = " + trainFraction
                        + " keeps no training sample; use a value in (0, 1]");
            }
            keptLabels = new byte[kept.length];
            keptPixels = new byte[kept.length * inputSize];
            for (int i = 0; i < kept.length; i++) {
                keptLabels[i] = trainLabels[kept[i]];
                System.arraycopy(trainImages.pixels(), kept[i] * inputSize, keptPixels, i * inputSize, inputSize);
            }
            id += ",train=" + trainFraction;
        }
        id += "]";

        double[] valueOfByte = normalization.lookupTable();
        ByteImageSet train = new ByteImageSet(keptPixels, keptLabels, inputSize, valueOfByte);
        ByteImageSet test = new ByteImageSet(testImages.pixels(), testLabels, inputSize, valueOfByte);
        return new ImageSplits(id, contentHash(train, test, normalization.name()), new int[] {ROWS, COLUMNS}, CLASSES,
                train, test);
    }

    private static void checkSameCount(Path imagesFile, int images, Path labelsFile, int labels) throws DataException {
        if (images != labels) {
            throw new DataException(String.format(Locale.ROOT,
                    "%s has %d images but %s has %d labels; the two files must come from the same release. %s",
                    imagesFile, images, labelsFile, labels, IdxFile.FIX));
        }
    }

    /**
     * Keeps {@code round(fraction * n_c)} samples of each class c, chosen uniformly by a seeded shuffle, in their
     * original order, so class proportions stay as in the full set (the 2021 version's 50% stratified subset).
     */
    static int[] stratifiedSubset(byte[] labels, double fraction, SplittableRandom random) {
        int[][] byClass = new int[CLASSES][];
        int[] counts = new int[CLASSES];
        for (byte label : labels) {
            counts[label & 0xFF]++;
        }
        for (int c = 0; c < CLASSES; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] filled = new int[CLASSES];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i] & 0xFF;
            byClass[c][filled[c]++] = i;
        }
        int[] kept = new int[labels.length];
        int keptCount = 0;
        for (int c = 0; c < CLASSES; c++) {
            int[] members = byClass[c];
            for (int i = members.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = members[i];
                members[i] = members[j];
                members[j] = t;
            }
            int keep = (int) Math.round(fraction * members.length);
            System.arraycopy(members, 0, kept, keptCount, keep);
            keptCount += keep;
        }
        int[] out = Arrays.copyOf(kept, keptCount);
        Arrays.sort(out);
        return out;
    }

    /**
     * SHA-256 (hex) over, for the train then the test split: the sample count (4 bytes, big-endian), the label
     * bytes and the pixel bytes; then the normalization's name in UTF-8. This is what the network sees.
     */
    static String contentHash(ByteImageSet train, ByteImageSet test, String normalization) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        for (ByteImageSet split : new ByteImageSet[] {train, test}) {
            int n = split.size();
            sha256.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            sha256.update(split.labels());
            sha256.update(split.pixels());
        }
        sha256.update(normalization.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha256.digest());
    }
}

package org.engram.dataset.idx;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests, good or deliberately broken. */
final class IdxFixtures {

    static final int PIXELS = 28 * 28;

    private IdxFixtures() {
    }

    /** The pixel byte of a test image: a pattern that differs between images and covers 0..255. */
    static int pixel(int image, int i) {
        return (image * 37 + i * 3) & 0xFF;
    }

    static byte[] pixels(int images) {
        byte[] out = new byte[images * PIXELS];
        for (int k = 0; k < images; k++) {
            for (int i = 0; i < PIXELS; i++) {
                out[k * PIXELS + i] = (byte) pixel(k, i);
            }
        }
        return out;
    }

    /** An IDX file: magic, the dimensions as announced (which may lie), then the body as given. */
    static byte[] idx(int magic, int[] dimensions, byte[] body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(magic);
            for (int d : dimensions) {
                out.writeInt(d);
            }
            out.write(body);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] images(int count, byte[] body) {
        return idx(IdxFile.IMAGE_MAGIC, new int[] {count, 28, 28}, body);
    }

    static byte[] labels(byte[] labels) {
        return idx(IdxFile.LABEL_MAGIC, new int[] {labels.length}, labels);
    }

    static byte[] gzip(byte[] content) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(bytes)) {
                out.write(content);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Path write(Path folder, String name, byte[] content) throws IOException {
        Files.createDirectories(folder);
        return Files.write(folder.resolve(name), content);
    }

    /**
     * A good MNIST-layout folder: {@code trainCount} training images labelled {@code i % 10} and
     * {@code testCount} test images labelled {@code 9 - i % 10}, raw or gzipped (with .gz names).
     */
    static void writeSet(Path folder, int trainCount, int testCount, boolean gzipped) throws IOException {
        byte[] trainLabels = new byte[trainCount];
        for (int i = 0; i < trainCount; i++) {
            trainLabels[i] = (byte) (i % 10);
        }
        byte[] testLabels = new byte[testCount];
        for (int i = 0; i < testCount; i++) {
            testLabels[i] = (byte) (9 - i % 10);
        }
        String suffix = gzipped ? ".gz" : "";
        writeMaybeGzipped(folder, IdxImageReader.TRAIN_IMAGES + suffix, images(trainCount, pixels(trainCount)), gzipped);
        writeMaybeGzipped(folder, IdxImageReader.TRAIN_LABELS + suffix, labels(trainLabels), gzipped);
        writeMaybeGzipped(folder, IdxImageReader.TEST_IMAGES + suffix, images(testCount, testPixels(testCount)), gzipped);
        writeMaybeGzipped(folder, IdxImageReader.TEST_LABELS + suffix, labels(testLabels), gzipped);
    }

    /** Test images are the training pattern shifted by 100 images, so they differ from the training ones. */
    static byte[] testPixels(int count) {
        byte[] out = new byte[count * PIXELS];
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < PIXELS; i++) {
                out[k * PIXELS + i] = (byte) pixel(k + 100, i);
            }
        }
        return out;
    }

    private static void writeMaybeGzipped(Path folder, String name, byte[] content, boolean gzipped) throws IOException {
        write(folder, name, gzipped ? gzip(content) : content);
    }
}

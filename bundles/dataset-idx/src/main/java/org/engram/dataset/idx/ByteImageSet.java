package org.engram.dataset.idx;

import org.engram.api.data.SampleSet;

/**
 * Images kept as their pixel bytes (60 000 MNIST images are 47 MB, against 376 MB as doubles) and
 * converted on each read by a 256-entry table, so reading a sample allocates nothing.
 */
final class ByteImageSet implements SampleSet {

    private final byte[] pixels;
    private final byte[] labels;
    private final int inputSize;
    private final double[] valueOfByte;

    /**
     * @param pixels      {@code labels.length * inputSize} bytes, sample after sample; not copied
     * @param labels      one class index per sample; not copied
     * @param valueOfByte 256 entries: the input value of each pixel byte
     */
    ByteImageSet(byte[] pixels, byte[] labels, int inputSize, double[] valueOfByte) {
        if ((long) labels.length * inputSize != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes do not make " + labels.length
                    + " samples of " + inputSize);
        }
        if (valueOfByte.length != 256) {
            throw new IllegalArgumentException("the lookup table needs 256 entries, not " + valueOfByte.length);
        }
        this.pixels = pixels;
        this.labels = labels;
        this.inputSize = inputSize;
        this.valueOfByte = valueOfByte;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int label(int index) {
        return labels[index] & 0xFF;
    }

    @Override
    public void copyInput(int index, double[] destination, int offset) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + labels.length);
        }
        int start = index * inputSize;
        for (int i = 0; i < inputSize; i++) {
            destination[offset + i] = valueOfByte[pixels[start + i] & 0xFF];
        }
    }

    /** The raw bytes, for the content hash; not copied. */
    byte[] pixels() {
        return pixels;
    }

    byte[] labels() {
        return labels;
    }
}

package org.engram.dataset.idx;

import org.engram.api.data.SampleSet;

/**
 * Images kept as their pixel bytes (60 000 MNIST images are 47 MB, against 376 MB as doubles) and
 * converted on each read by a lookup table with 256 entries per channel, so reading a sample allocates nothing.
 */
final class ByteImageSet implements SampleSet {

    private final byte[] pixels;
    private final byte[] labels;
    private final int inputSize;
    private final int channels;
    private final int channelSize;
    private final double[] valueOfByte;

    /**
     * @param pixels      {@code labels.length * inputSize} bytes, sample after sample, channel after channel
     *                    within a sample; not copied
     * @param labels      one class index per sample; not copied
     * @param valueOfByte {@code 256 * channels} entries: entry {@code 256 c + b} is the input value of byte b in
     *                    channel c
     */
    ByteImageSet(byte[] pixels, byte[] labels, int inputSize, double[] valueOfByte) {
        if ((long) labels.length * inputSize != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes do not make " + labels.length
                    + " samples of " + inputSize);
        }
        if (valueOfByte.length == 0 || valueOfByte.length % 256 != 0 || inputSize % (valueOfByte.length / 256) != 0) {
            throw new IllegalArgumentException("the lookup table needs 256 entries per channel, and the channels must "
                    + "divide the input size " + inputSize + "; got " + valueOfByte.length + " entries");
        }
        this.pixels = pixels;
        this.labels = labels;
        this.inputSize = inputSize;
        this.channels = valueOfByte.length / 256;
        this.channelSize = inputSize / channels;
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
        int source = index * inputSize;
        int target = offset;
        for (int c = 0; c < channels; c++) {
            int table = c << 8;
            for (int i = 0; i < channelSize; i++) {
                destination[target++] = valueOfByte[table | (pixels[source++] & 0xFF)];
            }
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

package org.engram.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The shape of one sample's activity in a layer, or of a network input: {@code channels × height × width},
 * stored flat in channel-major order (element {@code (c, y, x)} at {@code (c·height + y)·width + x}). A dense
 * layer of {@code n} units is {@code n × 1 × 1}; an MNIST image is {@code 1 × 28 × 28}.
 *
 * @param channels feature maps (or units of a dense layer)
 * @param height   rows of each map
 * @param width    columns of each map
 */
@ProviderType
public record Shape(int channels, int height, int width) {

    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("a shape's extents must be at least 1, got " + channels + "×" + height + "×" + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a shape of " + channels + "×" + height + "×" + width + " = "
                    + (long) channels * height * width + " values is larger than one Java array can hold (2^31 − 1)");
        }
    }

    /** A flat vector of {@code size} values: {@code size × 1 × 1}. */
    public static Shape flat(int size) {
        return new Shape(size, 1, 1);
    }

    /**
     * The shape a dataset declares as extents ({@code DataSplits.inputShape()}): {@code {n}} is flat,
     * {@code {h, w}} one channel, {@code {c, h, w}} channel-major.
     */
    public static Shape of(int[] extents) {
        return switch (extents.length) {
            case 1 -> flat(extents[0]);
            case 2 -> new Shape(1, extents[0], extents[1]);
            case 3 -> new Shape(extents[0], extents[1], extents[2]);
            default -> throw new IllegalArgumentException("an input shape has 1 to 3 extents (channels, height, width), got "
                    + extents.length);
        };
    }

    /** Values per sample: {@code channels · height · width}. */
    public int size() {
        return channels * height * width;
    }

    /** Positions per channel: {@code height · width}. */
    public int pixels() {
        return height * width;
    }

    /** Whether this is an image (height or width above 1) rather than a flat vector. */
    public boolean isImage() {
        return height > 1 || width > 1;
    }

    @Override
    public String toString() {
        return isImage() ? channels + "×" + height + "×" + width : Integer.toString(channels);
    }
}

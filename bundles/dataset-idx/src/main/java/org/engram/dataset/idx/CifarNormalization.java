package org.engram.dataset.idx;

import java.util.Locale;

/** How a CIFAR-10 pixel byte 0..255 of channel R, G or B becomes the number the network sees. */
enum CifarNormalization {
    /** x/255, then (x - mean_c)/sd_c with the per-channel statistics of the paper's preprocessing (spec §5.2). */
    STANDARDIZED,
    /** x/255, then (x - 0.5)/0.5: range [-1, 1]. */
    SYMMETRIC,
    /** x/255: range [0, 1]. */
    UNIT;

    static final int CHANNELS = 3;
    private static final double[] MEAN = {0.4914, 0.4822, 0.4465};
    private static final double[] SD = {0.247, 0.243, 0.261};

    /** 256 entries per channel, R then G then B: entry {@code 256 c + b} is the value of byte b in channel c. */
    double[] lookupTable() {
        double[] table = new double[CHANNELS * 256];
        for (int c = 0; c < CHANNELS; c++) {
            for (int v = 0; v < 256; v++) {
                double unit = v / 255.0;
                table[c * 256 + v] = switch (this) {
                    case STANDARDIZED -> (unit - MEAN[c]) / SD[c];
                    case SYMMETRIC -> (unit - 0.5) / 0.5;
                    case UNIT -> unit;
                };
            }
        }
        return table;
    }

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}

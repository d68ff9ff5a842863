package org.engram.dataset.idx;

import java.util.Locale;

/** How a pixel byte 0..255 becomes the number the network sees. */
enum Normalization {
    /** x/255, then (x - 0.5)/0.5: range [-1, 1], the Frontiers paper's MNIST preprocessing. */
    SYMMETRIC,
    /** x/255: range [0, 1], the 2021 version's raw inputs. */
    UNIT;

    /** The value of every byte, so a sample converts by table lookup without arithmetic. */
    double[] lookupTable() {
        double[] table = new double[256];
        for (int v = 0; v < table.length; v++) {
            double unit = v / 255.0;
            table[v] = this == SYMMETRIC ? (unit - 0.5) / 0.5 : unit;
        }
        return table;
    }

    /** The lower-case word used in dataset ids, e.g. {@code mnist[symmetric]}. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package org.engram.compute.java;

/** Argument checks done once per call, so a bad shape fails before anything is written. */
final class Regions {

    private Regions() {
    }

    static void checkDimensions(String operation, int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(operation + ": negative dimension in m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    /** Throws unless {@code array[offset .. offset+length)} exists. */
    static void check(String name, double[] array, int offset, long length) {
        if (offset < 0 || offset + length > array.length) {
            throw new IndexOutOfBoundsException(name + ": " + length + " elements from offset " + offset
                    + " do not fit in an array of " + array.length);
        }
    }
}

package org.engram.api.compute;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What {@link ComputeBackend#upload}'s default makes: a private heap copy, tied to the backend object that made
 * it. Not API (package-private): the API's own implementation of its default methods, hence the provider mark.
 */
@ProviderType
final class HeapResidentMatrix implements ResidentMatrix {
    private final ComputeBackend owner;
    private final int rows;
    private final int columns;
    /** Null once closed, so the copy can be collected even while the handle is still reachable. */
    private volatile double[] values;

    HeapResidentMatrix(ComputeBackend owner, double[] a, int aOffset, int rows, int columns) {
        if (rows < 0 || columns < 0) {
            throw new IllegalArgumentException("upload: negative dimension in rows=" + rows + ", columns=" + columns);
        }
        long length = (long) rows * columns;
        if (aOffset < 0 || aOffset + length > a.length) {
            throw new IndexOutOfBoundsException("A: " + length + " elements from offset " + aOffset
                    + " do not fit in an array of " + a.length);
        }
        this.owner = owner;
        this.rows = rows;
        this.columns = columns;
        this.values = new double[(int) length];
        System.arraycopy(a, aOffset, values, 0, (int) length);
    }

    /** The copy behind {@code matrix}, after checking that {@code backend} made it and it is open. */
    static double[] valuesFor(ComputeBackend backend, ResidentMatrix matrix) {
        if (!(matrix instanceof HeapResidentMatrix heap) || heap.owner != backend) {
            throw new IllegalArgumentException("gemv: the resident matrix " + matrix + " was not uploaded by this backend ("
                    + backend.implementation() + "); upload it with the backend that multiplies it");
        }
        double[] values = heap.values;
        if (values == null) {
            throw new IllegalStateException("gemv: the resident matrix " + matrix + " is closed");
        }
        return values;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public void close() {
        values = null;
    }

    @Override
    public String toString() {
        return "[" + rows + " x " + columns + "] heap copy";
    }
}

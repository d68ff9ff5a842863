package org.engram.compute.java;

import org.engram.api.compute.ResidentMatrix;

/**
 * A matrix uploaded to the Java backend: a heap copy, either dense (row-major, as given) or, when few entries are
 * nonzero, compressed sparse rows. Tied to the backend object that made it; closing drops the copy.
 */
final class JavaResidentMatrix implements ResidentMatrix {

    /**
     * Store sparsely at or below this fraction of nonzeros. CSR reads 12 bytes per nonzero (value and column)
     * against 8 per entry dense, and its gathered loads of x cost more per element. Measured on the 2-core
     * development VM (n = 200, 500, 2000, random patterns): CSR was 1.3–2.2× faster at 30–40 % nonzeros, even at
     * 50 %, and 1.5–2.5× slower at 70 %; at the reservoir's 10 % it was 5.8–6.1× faster. 0.3 keeps a margin.
     */
    static final double SPARSE_DENSITY = 0.3;

    private final JavaComputeBackend owner;
    private final int rows;
    private final int columns;
    /** Dense form: [rows, columns] row-major; null when sparse or closed. */
    private volatile double[] dense;
    /** Sparse form: nonzeros of row i at rowStart[i] .. rowStart[i + 1], columns ascending; null when dense or closed. */
    private volatile Csr sparse;

    /** Compressed sparse rows. */
    record Csr(int[] rowStart, int[] column, double[] value) {
    }

    private JavaResidentMatrix(JavaComputeBackend owner, int rows, int columns, double[] dense, Csr sparse) {
        this.owner = owner;
        this.rows = rows;
        this.columns = columns;
        this.dense = dense;
        this.sparse = sparse;
    }

    /** Copies the region, sparsely if at most {@link #SPARSE_DENSITY} of it is nonzero. Regions checked. */
    static JavaResidentMatrix copyOf(JavaComputeBackend owner, double[] a, int aOffset, int rows, int columns) {
        int length = rows * columns;
        int nonzeros = 0;
        for (int i = aOffset; i < aOffset + length; i++) {
            if (a[i] != 0.0) {
                nonzeros++;
            }
        }
        if (length > 0 && nonzeros <= SPARSE_DENSITY * length) {
            int[] rowStart = new int[rows + 1];
            int[] column = new int[nonzeros];
            double[] value = new double[nonzeros];
            int k = 0;
            for (int i = 0; i < rows; i++) {
                int row = aOffset + i * columns;
                for (int j = 0; j < columns; j++) {
                    double v = a[row + j];
                    // -0.0 too: a zero term never changes a sum that starts at +0 (see gemvSparseRows)
                    if (v != 0.0) {
                        column[k] = j;
                        value[k] = v;
                        k++;
                    }
                }
                rowStart[i + 1] = k;
            }
            return new JavaResidentMatrix(owner, rows, columns, null, new Csr(rowStart, column, value));
        }
        double[] copy = new double[length];
        System.arraycopy(a, aOffset, copy, 0, length);
        return new JavaResidentMatrix(owner, rows, columns, copy, null);
    }

    /** The matrix as {@code backend} may use it, or an exception saying why not. */
    static JavaResidentMatrix check(JavaComputeBackend backend, ResidentMatrix matrix) {
        if (!(matrix instanceof JavaResidentMatrix java) || java.owner != backend) {
            throw new IllegalArgumentException("gemv: the resident matrix " + matrix
                    + " was not uploaded by this backend (pure Java); upload it with the backend that multiplies it");
        }
        return java;
    }

    /** The dense copy, or null if the matrix is stored sparsely. */
    double[] dense() {
        double[] d = dense;
        if (d == null && sparse == null) {
            throw closed();
        }
        return d;
    }

    /** The sparse copy; call only when {@link #dense()} is null. */
    Csr sparse() {
        Csr s = sparse;
        if (s == null) {
            throw closed();
        }
        return s;
    }

    private IllegalStateException closed() {
        return new IllegalStateException("gemv: the resident matrix " + this + " is closed");
    }

    boolean isSparse() {
        return sparse != null;
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
        dense = null;
        sparse = null;
    }

    @Override
    public String toString() {
        Csr s = sparse;
        String form = s != null ? "sparse, " + s.value().length + " nonzeros" : dense != null ? "dense" : "closed";
        return "[" + rows + " x " + columns + "] " + form;
    }
}

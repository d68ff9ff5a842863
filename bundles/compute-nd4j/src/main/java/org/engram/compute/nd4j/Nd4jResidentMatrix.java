package org.engram.compute.nd4j;

import org.engram.api.compute.ResidentMatrix;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A matrix uploaded to the ND4J backend: a detached C-order FP64 INDArray in native memory, outside every
 * workspace, so it lives as long as this handle. {@link #close} releases it at once; a handle never closed is
 * released by ND4J's deallocator once the garbage collector finds its buffer unreachable.
 */
final class Nd4jResidentMatrix implements ResidentMatrix {
    private final Nd4jComputeBackend owner;
    private final int rows;
    private final int columns;
    /** [rows, columns]; null for an empty matrix (ND4J is never asked to multiply one). */
    private final INDArray array;
    private volatile boolean closed;

    private Nd4jResidentMatrix(Nd4jComputeBackend owner, int rows, int columns, INDArray array) {
        this.owner = owner;
        this.rows = rows;
        this.columns = columns;
        this.array = array;
    }

    /** Copies the (checked) region into native memory, once. */
    static Nd4jResidentMatrix copyOf(Nd4jComputeBackend owner, double[] a, int aOffset, int rows, int columns) {
        INDArray array = null;
        if (rows > 0 && columns > 0) {
            array = Nd4j.createUninitializedDetached(DataType.DOUBLE, rows, columns);
            Nd4jComputeBackend.pointer(array).put(a, aOffset, rows * columns);
        }
        return new Nd4jResidentMatrix(owner, rows, columns, array);
    }

    /** The matrix as {@code backend} may use it, or an exception saying why not. */
    static Nd4jResidentMatrix check(Nd4jComputeBackend backend, ResidentMatrix matrix) {
        if (!(matrix instanceof Nd4jResidentMatrix nd4j) || nd4j.owner != backend) {
            throw new IllegalArgumentException("gemv: the resident matrix " + matrix
                    + " was not uploaded by this backend (ND4J); upload it with the backend that multiplies it");
        }
        if (nd4j.closed) {
            throw new IllegalStateException("gemv: the resident matrix " + matrix + " is closed");
        }
        return nd4j;
    }

    /** The native array; null when the matrix is empty. */
    INDArray array() {
        return array;
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
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (array != null) {
                array.close();
            }
        }
    }

    @Override
    public String toString() {
        return "[" + rows + " x " + columns + "] ND4J " + (closed ? "closed" : "off-heap");
    }
}

package org.engram.neuron.rate;

import java.util.Objects;
import org.engram.api.neuron.NeuronLayer;

/**
 * Common part of the stateless rate layers: one step per sample, row bookkeeping and argument
 * checks. Subclasses keep what their VJP needs from the last forward in buffers that grow with the
 * row count and are then reused, so steady-state calls allocate nothing.
 */
abstract class RateLayer implements NeuronLayer {

    protected final int size;
    /** Rows of the last forward; 0 before the first, so a VJP then fails its index check. */
    private int rows;
    private int capacityRows;

    RateLayer(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a layer needs at least one unit, got " + size);
        }
        this.size = size;
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final int stepsPerSample() {
        return 1;
    }

    @Override
    public final int readoutSteps() {
        return 1;
    }

    @Override
    public final void forward(double[] drive, double[] out, int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        int n = Math.multiplyExact(rows, size);
        Objects.checkFromIndexSize(0, n, drive.length);
        Objects.checkFromIndexSize(0, n, out.length);
        if (rows > capacityRows) {
            grow(rows);
            capacityRows = rows;
        }
        this.rows = rows;
        compute(drive, out, rows);
    }

    @Override
    public final void vjp(int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset) {
        Objects.checkIndex(row, rows);
        Objects.checkFromIndexSize(gradOutOffset, size, gradOut.length);
        Objects.checkFromIndexSize(gradDriveOffset, size, gradDrive.length);
        computeVjp(row, gradOut, gradOutOffset, gradDrive, gradDriveOffset);
    }

    /** Rate units carry nothing from one step to the next. */
    @Override
    public void reset() {
        // nothing to forget
    }

    /** Makes the VJP buffers hold at least {@code rows} rows (called only when the row count grows). */
    protected abstract void grow(int rows);

    /** The forward step; arguments already checked. */
    protected abstract void compute(double[] drive, double[] out, int rows);

    /** The VJP of {@code row}; arguments already checked. */
    protected abstract void computeVjp(int row, double[] gradOut, int gradOutOffset, double[] gradDrive, int gradDriveOffset);
}

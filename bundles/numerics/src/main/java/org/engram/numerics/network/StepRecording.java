package org.engram.numerics.network;

import java.util.Objects;

/**
 * The bookkeeping of an {@link org.engram.api.neuron.Unrollable} layer's recording: how many forwards it takes, how
 * many it has, with which row count, and the order of each row's backward pass. The layer keeps its per-step
 * values itself, at the index {@link #nextForward} hands out.
 */
public final class StepRecording {

    private int capacity;
    private int recorded;
    private int rows;
    /** [rows] the step each row's backward pass expects next. */
    private int[] nextBackwardStep = new int[0];

    /** Arms a recording of the next {@code steps} forwards, dropping the previous one. */
    public void arm(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a recording needs at least one step, got " + steps);
        }
        capacity = steps;
        recorded = 0;
    }

    /** Drops the recording (the layer was reset). */
    public void drop() {
        capacity = 0;
        recorded = 0;
    }

    /** Forwards recorded since {@link #arm}. */
    public int recorded() {
        return recorded;
    }

    /** Forwards the armed recording takes. */
    public int capacity() {
        return capacity;
    }

    /** Rows of the recording. */
    public int rows() {
        return rows;
    }

    /**
     * Counts a forward of {@code rows} rows: the index of the step it records (0 for the first, when the layer sizes
     * its buffers for {@code capacity() × rows}), or −1 when no recording is armed or it is full.
     *
     * @throws IllegalStateException when the row count changes within a recording
     */
    public int nextForward(int rows) {
        if (recorded >= capacity) {
            return -1;
        }
        if (recorded == 0) {
            this.rows = rows;
            if (nextBackwardStep.length < rows) {
                nextBackwardStep = new int[rows];
            }
        } else if (rows != this.rows) {
            throw new IllegalStateException("a recording runs with one row count: it started with " + this.rows
                    + " rows, this forward has " + rows);
        }
        return recorded++;
    }

    /**
     * Checks one call of a row's backward pass, which goes from the last recorded step down to 0, and its slices.
     *
     * @param size the layer's units: the length of both slices
     * @return whether the call starts the row's backward pass (the last recorded step): the layer then clears the
     *         row's cotangents on its state
     * @throws IllegalStateException if the step was not recorded or is out of order
     */
    public boolean backward(int step, int row, int size, double[] gradOut, int gradOutOffset, double[] gradDrive,
            int gradDriveOffset) {
        if (step < 0 || step >= recorded) {
            throw new IllegalStateException("step " + step + " was not recorded: " + recorded + " steps were, since the last record()");
        }
        Objects.checkIndex(row, rows);
        Objects.checkFromIndexSize(gradOutOffset, size, gradOut.length);
        Objects.checkFromIndexSize(gradDriveOffset, size, gradDrive.length);
        boolean starts = step == recorded - 1;
        if (!starts && nextBackwardStep[row] != step) {
            throw new IllegalStateException("row " + row + " expects step " + nextBackwardStep[row] + " of the backward pass"
                    + " next, got " + step + ": go from the last recorded step down to 0");
        }
        nextBackwardStep[row] = step - 1;
        return starts;
    }
}

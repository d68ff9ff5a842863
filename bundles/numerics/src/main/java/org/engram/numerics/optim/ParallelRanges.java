package org.engram.numerics.optim;

import java.util.function.IntConsumer;
import org.engram.api.compute.ComputeBackend;

/**
 * How an optimizer applies one update, alone or split over a backend's threads: {@code units} (rows, or single
 * entries) cut into contiguous ranges, a few per thread, each a part for {@link ComputeBackend#inParallel}. Only
 * updates of at least {@link #MIN_ENTRIES} entries are split; smaller ones cost less than a handoff to another thread.
 * The optimizer supplies its per-entry arithmetic ({@link EntryUpdate}); the ranges, the step's arguments for the
 * parts and the rank-one row loop are here, once for every optimizer.
 */
final class ParallelRanges {

    /** 2^14 entries take some 50 µs of AdamW on one core (about 3 ns each), well above a team's handoff. */
    static final long MIN_ENTRIES = 1L << 14;

    /** Ranges per thread: a thread that loses its core then holds the update up by a small range only. */
    static final int PARTS_PER_THREAD = 4;

    /** An optimizer's arithmetic on entries {@code [from, to)} with gradient {@code scale·source[i]}. */
    interface EntryUpdate {
        void update(double[] param, double[] source, double scale, int from, int to);
    }

    /** Null when there is one thread. */
    private final ComputeBackend backend;
    private final int threads;
    private final EntryUpdate update;
    /**
     * For {@link #stepOuter}: row r holds a copy of the right factor at offset {@code r·cols}. C2 (JDK 17) does
     * not vectorise a loop whose arrays are indexed with different loop-invariant offsets ({@code param[base + j]}
     * beside {@code right[j]}), so each row's copy is placed where the loop indexes every array alike. Allocated
     * on the first rank-one step.
     */
    private double[] replicated;
    /*
     * The arguments of the split step under way, for its parts: plain fields, published to the other threads by
     * inParallel's handoff, so that the parts are made once and a step allocates nothing. Cleared afterwards so no
     * array outlives its step here.
     */
    private int sharedParts;
    private int sharedUnits;
    private int sharedCols;
    private double[] sharedParam;
    private double[] sharedGrad;
    private double[] sharedLeft;
    private int sharedLeftOffset;
    private double[] sharedRight;
    private int sharedRightOffset;
    /** Part p of a split {@link #step}: its range of entries. */
    private final IntConsumer stepPart;
    /** Part p of a split {@link #stepOuter}: its range of rows. */
    private final IntConsumer stepOuterPart;

    /** @param backend whose threads large updates are split over; null (or one thread) for none */
    ParallelRanges(ComputeBackend backend, EntryUpdate update) {
        this.threads = backend == null ? 1 : Math.max(1, backend.threads());
        this.backend = threads > 1 ? backend : null;
        this.update = update;
        this.stepPart = p -> update.update(sharedParam, sharedGrad, 1.0, start(p, sharedParts, sharedUnits),
                start(p + 1, sharedParts, sharedUnits));
        this.stepOuterPart = p -> updateRows(sharedParam, sharedCols, sharedLeft, sharedLeftOffset, sharedRight,
                sharedRightOffset, start(p, sharedParts, sharedUnits), start(p + 1, sharedParts, sharedUnits));
    }

    /** Every entry of {@code param} with gradient {@code grad} (arguments checked by the caller). */
    void step(double[] param, double[] grad, int size) {
        int parts = parts(size, 1);
        if (parts == 1) {
            update.update(param, grad, 1.0, 0, size);
            return;
        }
        share(parts, param, grad, size, 0, null, 0, null, 0);
        try {
            backend.inParallel(parts, stepPart);
        } finally {
            share(0, null, null, 0, 0, null, 0, null, 0);
        }
    }

    /** Every entry with gradient {@code left[r]·right[c]} of a [rows, cols] matrix (arguments checked by the caller). */
    void stepOuter(double[] param, int rows, int cols, double[] left, int leftOffset, double[] right, int rightOffset) {
        if (replicated == null) {
            replicated = new double[rows * cols];
        }
        int parts = parts(rows, cols);
        if (parts == 1) {
            updateRows(param, cols, left, leftOffset, right, rightOffset, 0, rows);
            return;
        }
        share(parts, param, null, rows, cols, left, leftOffset, right, rightOffset);
        try {
            backend.inParallel(parts, stepOuterPart);
        } finally {
            share(0, null, null, 0, 0, null, 0, null, 0);
        }
    }

    /** The parts an update of {@code units} units of {@code unitSize} entries is split into; 1 = do it serially. */
    int parts(int units, int unitSize) {
        if (backend == null || (long) units * unitSize < MIN_ENTRIES) {
            return 1;
        }
        return Math.min(PARTS_PER_THREAD * threads, units);
    }

    /** The first unit of {@code part} of {@code parts} (part == parts gives the end): near-equal contiguous ranges. */
    static int start(int part, int parts, int units) {
        return (int) ((long) units * part / parts);
    }

    /** Rows {@code [firstRow, endRow)} of {@link #stepOuter}. */
    private void updateRows(double[] param, int cols, double[] left, int leftOffset, double[] right, int rightOffset,
            int firstRow, int endRow) {
        double[] copies = replicated;
        for (int r = firstRow; r < endRow; r++) {
            int from = r * cols;
            // right's copy sits at the row's own offset, so every array in the loop shares one index (see replicated)
            System.arraycopy(right, rightOffset, copies, from, cols);
            update.update(param, copies, left[leftOffset + r], from, from + cols);
        }
    }

    private void share(int parts, double[] param, double[] grad, int units, int cols, double[] left, int leftOffset,
            double[] right, int rightOffset) {
        this.sharedParts = parts;
        this.sharedParam = param;
        this.sharedGrad = grad;
        this.sharedUnits = units;
        this.sharedCols = cols;
        this.sharedLeft = left;
        this.sharedLeftOffset = leftOffset;
        this.sharedRight = right;
        this.sharedRightOffset = rightOffset;
    }
}

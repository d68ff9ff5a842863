package org.engram.engine;

/**
 * Thrown inside a training step when a value the engine watches (the logits of the learner's last forward,
 * a modulatory signal ξ) is NaN or infinite. {@link TrialRunner} turns it into a {@code TrialFailedException}
 * naming the layer, epoch and window. Carries no stack trace: it is a verdict, not a bug.
 */
final class NonFiniteValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What held the value, e.g. {@code the modulatory signal ξ of layer 1}. */
    private final String where;
    /** The layer it belongs to, or -1 when it belongs to none. */
    private final int layer;
    private final double value;
    private final int index;

    NonFiniteValueException(String where, int layer, double value, int index) {
        super(where + " holds " + value + " at index " + index, null, false, false);
        this.where = where;
        this.layer = layer;
        this.value = value;
        this.index = index;
    }

    String where() {
        return where;
    }

    int layer() {
        return layer;
    }

    double value() {
        return value;
    }

    int index() {
        return index;
    }
}

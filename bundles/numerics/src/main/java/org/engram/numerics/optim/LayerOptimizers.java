package org.engram.numerics.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;

/**
 * The checkpoint state of a learner's optimizers, one for each layer's weights and one for its biases:
 * what every built-in rule saves, written once here.
 *
 * @since 1.2
 */
public final class LayerOptimizers {

    private LayerOptimizers() {
    }

    public static void writeState(DataOutput out, Optimizer[] weights, Optimizer[] biases) throws IOException {
        out.writeInt(weights.length);
        for (int l = 0; l < weights.length; l++) {
            weights[l].writeState(out);
            biases[l].writeState(out);
        }
    }

    /** Restores what {@link #writeState} wrote; fails naming the layer and array whose state does not fit. */
    public static void readState(DataInput in, Optimizer[] weights, Optimizer[] biases) throws IOException {
        int layers = in.readInt();
        if (layers != weights.length) {
            throw new IOException("the state is of a network of " + layers + " layers, this one has " + weights.length);
        }
        for (int l = 0; l < layers; l++) {
            read(weights[l], in, "layer " + l + " weights");
            read(biases[l], in, "layer " + l + " biases");
        }
    }

    /** A stream cut short stays an EOFException, so the caller can say the checkpoint is truncated. */
    private static void read(Optimizer optimizer, DataInput in, String array) throws IOException {
        try {
            optimizer.readState(in);
        } catch (EOFException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("the optimizer of " + array + ": " + e.getMessage(), e);
        }
    }
}

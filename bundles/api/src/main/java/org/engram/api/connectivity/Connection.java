package org.engram.api.connectivity;

import org.engram.api.Shape;
import org.engram.api.compute.ComputeBackend;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The synapses of one layer in one trial: the linear map from the layer's input to its drive, {@code h = A_W(x) + b},
 * and its two vector-Jacobian products, which are all a rule needs: the weight gradient ({@code δ ⊗ x} for a dense
 * layer, the correlation of δ with the input patches for a convolution) and the input gradient ({@code Wᵀ δ}).
 * The drive is linear in the weights and, but for max pooling, in the input.
 *
 * <p>Every array is flat, rows of samples one after another; a row of input holds {@link #inputShape()}{@code
 * .size()} values, a row of drive {@link #outputShape()}{@code .size()}, each in the channel-major order of
 * {@link Shape}. Methods keep no state between calls other than the weights, so one connection serves forward
 * passes and gradients of any rows in any order. Calls allocate nothing once the row count is stable.
 */
@ConsumerType
public interface Connection {

    Shape inputShape();

    /** The shape of the drive, and so of the layer's units. */
    Shape outputShape();

    /** The trainable weights, live (a rule updates them in place); empty for a connectivity without weights. */
    double[] weights();

    /** The biases, live; empty for a connectivity without weights. */
    double[] bias();

    /** Inputs that feed one output unit: the fan-in of LeCun initialisation ({@code inputSize} dense, {@code k·k·C_in} conv). */
    int fanIn();

    /**
     * Whether {@link #weights()} is the dense {@code [outputSize, inputSize]} row-major matrix with
     * {@code h = W x + b}: then a row's weight gradient is the outer product {@code δ ⊗ x} and a rule may apply it
     * without forming it. False unless the connectivity really is that matrix.
     */
    default boolean isDense() {
        return false;
    }

    /**
     * {@code drive[r] = A_W(input[r]) + b} for {@code rows} rows.
     *
     * @param input [rows, inputSize] from {@code inputOffset}
     * @param drive [rows, outputSize] from 0, overwritten
     */
    void forward(ComputeBackend backend, double[] input, int inputOffset, int rows, double[] drive);

    /**
     * The gradient of {@code Σ_r ⟨δ_r, drive_r⟩} with respect to the weights and biases, summed over the rows:
     * {@code Σ_r δ_r ⊗ x_r} and {@code Σ_r δ_r} for a dense layer.
     *
     * @param input          [rows, inputSize] from {@code inputOffset}: the input the drive was computed from
     * @param delta          [rows, outputSize] from {@code deltaOffset}: the cotangent on the drive
     * @param weightGradient [weights().length], overwritten
     * @param biasGradient   [bias().length], overwritten
     */
    void weightGradient(ComputeBackend backend, double[] input, int inputOffset, double[] delta, int deltaOffset, int rows,
            double[] weightGradient, double[] biasGradient);

    /**
     * The cotangent on each row's input: {@code (∂drive_r/∂x_r)ᵀ δ_r} ({@code Wᵀ δ} for a dense layer).
     *
     * @param input          [rows, inputSize] from {@code inputOffset}: the input of the forward step (max pooling
     *                       routes the cotangent to each window's maximum)
     * @param delta          [rows, outputSize] from {@code deltaOffset}
     * @param inputGradient  [rows, inputSize] from 0, overwritten
     */
    void inputGradient(ComputeBackend backend, double[] input, int inputOffset, double[] delta, int deltaOffset, int rows,
            double[] inputGradient);
}

package org.engram.numerics.activation;

/** Mean softmax cross-entropy over the rows of a batch of logits, and its gradient. */
public final class SoftmaxCrossEntropy {

    private SoftmaxCrossEntropy() {
    }

    /**
     * Writes {@code (softmax(logits_r) − onehot(label_r)) / rows}, the gradient of the mean loss, and
     * returns the mean loss {@code −(1/rows) Σ_r log softmax(logits_r)[label_r]}.
     *
     * @param logits [rows, classes]
     * @param labels [rows] class indices
     * @param grad   [rows, classes] written
     */
    public static double lossAndGradient(double[] logits, int[] labels, int rows, int classes, double[] grad) {
        double loss = 0.0;
        double invRows = 1.0 / rows;
        for (int r = 0; r < rows; r++) {
            int off = r * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[off + c]);
            }
            double sum = 0.0;
            for (int c = 0; c < classes; c++) {
                double e = Math.exp(logits[off + c] - max);
                grad[off + c] = e;
                sum += e;
            }
            int label = labels[r];
            loss += Math.log(sum) - (logits[off + label] - max);
            double invSum = 1.0 / sum;
            for (int c = 0; c < classes; c++) {
                grad[off + c] = (grad[off + c] * invSum - (c == label ? 1.0 : 0.0)) * invRows;
            }
        }
        return loss * invRows;
    }
}

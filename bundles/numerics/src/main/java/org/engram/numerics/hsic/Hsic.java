package org.engram.numerics.hsic;

/**
 * The biased HSIC estimate {@code tr(K_A H K_B H)/(N-1)²} with {@code H = I - 11ᵀ/N}, and the per-layer
 * information-bottleneck loss built from it (spec §2.1). O(N²), no allocation.
 */
public final class Hsic {

    private Hsic() {
    }

    /**
     * HSIC between two window variables given their kernel matrices.
     *
     * <p>Expanding the centring gives {@code tr(A H B H) = Σ A_ij B_ji − (1/N) Σ_i R^A_i C^B_i
     * − (1/N) Σ_i C^A_i R^B_i + (1/N²) S^A S^B} with row sums R, column sums C and total sums S,
     * so neither H nor a centred copy is ever formed.
     *
     * @param ka [n, n]
     * @param kb [n, n]
     * @param n  window length, at least 2
     */
    public static double hsic(double[] ka, double[] kb, int n) {
        double cross = 0.0;
        double rowACol = 0.0;
        double colARow = 0.0;
        double totalA = 0.0;
        double totalB = 0.0;
        for (int i = 0; i < n; i++) {
            double rowA = 0.0;
            double colA = 0.0;
            double rowB = 0.0;
            double colB = 0.0;
            for (int j = 0; j < n; j++) {
                double aij = ka[i * n + j];
                cross += aij * kb[j * n + i];
                rowA += aij;
                colA += ka[j * n + i];
                rowB += kb[i * n + j];
                colB += kb[j * n + i];
            }
            rowACol += rowA * colB;
            colARow += colA * rowB;
            totalA += rowA;
            totalB += rowB;
        }
        double trace = cross - (rowACol + colARow) / n + totalA * totalB / ((double) n * n);
        double m = n - 1.0;
        return trace / (m * m);
    }

    /**
     * The per-layer loss {@code L = HSIC(X, Z) − γ·HSIC(Y, Z)}, which the rule minimises.
     *
     * @param kx [n, n] input kernel
     * @param ky [n, n] label kernel
     * @param kz [n, n] layer-activity kernel
     */
    public static double layerLoss(double[] kx, double[] ky, double[] kz, int n, double gamma) {
        return hsic(kx, kz, n) - gamma * hsic(ky, kz, n);
    }
}

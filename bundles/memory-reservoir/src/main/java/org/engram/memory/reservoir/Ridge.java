package org.engram.memory.reservoir;

/** The dense solve behind the RIDGE readout (and the experiment driver's best linear readout). */
final class Ridge {

    private Ridge() {
    }

    /** Solves A X = B in place of B for symmetric positive definite A [n, n] (overwritten), B [n, d]. */
    static void choleskySolve(double[] a, double[] b, int n, int d) {
        for (int j = 0; j < n; j++) {
            double diag = a[j * n + j];
            for (int k = 0; k < j; k++) {
                diag -= a[j * n + k] * a[j * n + k];
            }
            if (diag <= 0.0) {
                throw new ArithmeticException("matrix not positive definite at row " + j);
            }
            double l = Math.sqrt(diag);
            a[j * n + j] = l;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * n + k] * a[j * n + k];
                }
                a[i * n + j] = s / l;
            }
        }
        for (int c = 0; c < d; c++) {
            for (int i = 0; i < n; i++) {
                double s = b[i * d + c];
                for (int k = 0; k < i; k++) {
                    s -= a[i * n + k] * b[k * d + c];
                }
                b[i * d + c] = s / a[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = b[i * d + c];
                for (int k = i + 1; k < n; k++) {
                    s -= a[k * n + i] * b[k * d + c];
                }
                b[i * d + c] = s / a[i * n + i];
            }
        }
    }
}

package ${package};

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Products worked by hand; the contract suite in ${className}ContractTest compares against reference loops on many shapes. */
class ${className}Test {

    private final ${className} backend = new ${className}();

    @Test
    void gemmMultipliesAndAccumulates() {
        double[] a = {1, 2, 3, 4};
        double[] b = {5, 6, 7, 8};
        double[] c = {1, 1, 1, 1};
        // [1 2; 3 4]·[5 6; 7 8] = [19 22; 43 50], times 2, plus 1·C
        backend.gemm(false, false, 2, 2, 2, 2.0, a, 0, b, 0, 1.0, c, 0);
        assertArrayEquals(new double[] {39, 45, 87, 101}, c);
    }

    @Test
    void gemvWithTransposeUsesTheColumns() {
        double[] a = {1, 2, 3, 4, 5, 6}; // [2, 3]
        double[] y = new double[3];
        // Aᵀ·(1, 1) = column sums
        backend.gemv(true, 2, 3, 1.0, a, 0, new double[] {1, 1}, 0, 0.0, y, 0);
        assertArrayEquals(new double[] {5, 7, 9}, y);
    }
}

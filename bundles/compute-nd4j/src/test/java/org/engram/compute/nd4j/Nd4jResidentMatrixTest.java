package org.engram.compute.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.engram.api.compute.ResidentMatrix;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Where an uploaded matrix lives: native memory of its own, outside any workspace, released by close. */
class Nd4jResidentMatrixTest {

    private final Nd4jComputeBackend backend = new Nd4jComputeBackend();

    @Test
    void anUploadedMatrixOutlivesTheWorkspaceItWasMadeInAndCloseReleasesIt() {
        double[] a = new SplittableRandom(1).doubles(30 * 20, -1, 1).toArray();
        Nd4jResidentMatrix matrix;
        // a caller inside a workspace (as a product is) must not get a matrix that the workspace reuses
        try (MemoryWorkspace scope = Nd4j.getWorkspaceManager().getAndActivateWorkspace("Nd4jResidentMatrixTest")) {
            matrix = (Nd4jResidentMatrix) backend.upload(a, 0, 30, 20);
        }
        INDArray array = matrix.array();
        assertFalse(array.isAttached(), "detached from every workspace");
        double[] x = new SplittableRandom(2).doubles(20, -1, 1).toArray();
        double[] fromArray = new double[30];
        double[] fromResident = new double[30];
        backend.gemv(false, 30, 20, 1.0, a, 0, x, 0, 0.0, fromArray, 0);
        for (int repeat = 0; repeat < 3; repeat++) {
            // the scratch workspace is reset between calls; the matrix must survive that
            backend.gemv(false, 1.0, matrix, x, 0, 0.0, fromResident, 0);
            assertArrayEquals(fromArray, fromResident, 1e-13);
        }
        matrix.close();
        assertTrue(array.wasClosed(), "close releases the native buffer");
    }

    @Test
    void anEmptyMatrixHoldsNoNativeMemory() {
        ResidentMatrix empty = backend.upload(new double[0], 0, 0, 5);
        assertNull(((Nd4jResidentMatrix) empty).array());
        empty.close();
    }
}

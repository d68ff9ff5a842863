package org.engram.numerics.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** An optimizer restored from its state continues exactly as the one that wrote it. */
class OptimizerStateTest {

    private static byte[] state(Optimizer optimizer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        optimizer.writeState(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static void restore(Optimizer optimizer, byte[] state) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        optimizer.readState(in);
        assertEquals(0, in.available(), "readState left bytes unread");
    }

    @Test
    void restoredOptimizerContinuesBitForBit() throws IOException {
        for (OptimizerSettings.Kind kind : OptimizerSettings.Kind.values()) {
            OptimizerSettings settings = new OptimizerSettings(kind, 1e-2, 0.9, 0.99, 1e-8, 1e-3, 0.9);
            int rows = 3;
            int cols = 4;
            SplittableRandom random = new SplittableRandom(5);
            double[] param = random.doubles(rows * cols, -1, 1).toArray();
            Optimizer original = settings.create(rows * cols);
            for (int step = 0; step < 37; step++) {
                original.step(param, random.doubles(rows * cols, -1, 1).toArray());
            }
            Optimizer restored = settings.create(rows * cols);
            restore(restored, state(original));
            double[] continued = param.clone();
            for (int step = 0; step < 20; step++) {
                double[] grad = random.doubles(rows * cols, -1, 1).toArray();
                double[] left = random.doubles(rows, -1, 1).toArray();
                double[] right = random.doubles(cols, -1, 1).toArray();
                original.step(param, grad);
                restored.step(continued, grad);
                original.stepOuter(param, rows, cols, left, 0, right, 0);
                restored.stepOuter(continued, rows, cols, left, 0, right, 0);
            }
            for (int i = 0; i < param.length; i++) {
                assertEquals(Double.doubleToRawLongBits(param[i]), Double.doubleToRawLongBits(continued[i]), kind + " entry " + i);
            }
        }
    }

    @Test
    void writingTheStateChangesNothing() throws IOException {
        AdamW a = new AdamW(2, 0.1, 0.9, 0.99, 1e-8, 0.0);
        AdamW b = new AdamW(2, 0.1, 0.9, 0.99, 1e-8, 0.0);
        double[] pa = {1, 2};
        double[] pb = {1, 2};
        a.step(pa, new double[] {0.3, -0.1});
        b.step(pb, new double[] {0.3, -0.1});
        state(a);
        a.step(pa, new double[] {0.2, 0.4});
        b.step(pb, new double[] {0.2, 0.4});
        assertEquals(pb[0], pa[0], 0.0);
        assertEquals(pb[1], pa[1], 0.0);
        assertEquals(2, a.steps());
    }

    @Test
    void stateOfAnotherSizeOrKindIsRefusedNamingIt() throws IOException {
        byte[] adam = state(new AdamW(3, 0.1, 0.9, 0.99, 1e-8, 0.0));
        IOException size = assertThrows(IOException.class, () -> new AdamW(4, 0.1, 0.9, 0.99, 1e-8, 0.0)
                .readState(new DataInputStream(new ByteArrayInputStream(adam))));
        assertTrue(size.getMessage().contains("AdamW first moments: the state holds 3 values, this trial has 4"),
                size.getMessage());
        IOException kind = assertThrows(IOException.class, () -> new MomentumSgd(3, 0.1, 0.9)
                .readState(new DataInputStream(new ByteArrayInputStream(adam))));
        assertTrue(kind.getMessage().contains("expected the state of momentum SGD, found that of AdamW"), kind.getMessage());
    }
}

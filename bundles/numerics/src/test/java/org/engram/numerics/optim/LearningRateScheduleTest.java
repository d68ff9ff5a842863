package org.engram.numerics.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private static final double LR = 1e-2;

    /** Steps {@code a} and {@code b} with the same gradients; both must end bit for bit alike. */
    private static void assertSameSteps(Optimizer a, Optimizer b, int size, int steps) {
        SplittableRandom random = new SplittableRandom(3);
        double[] pa = new double[size];
        for (int i = 0; i < size; i++) {
            pa[i] = random.nextDouble(-1, 1);
        }
        double[] pb = pa.clone();
        for (int s = 0; s < steps; s++) {
            double[] g = new double[size];
            for (int i = 0; i < size; i++) {
                g[i] = random.nextDouble(-1, 1);
            }
            a.step(pa, g);
            b.step(pb, g.clone());
        }
        assertArrayEquals(pb, pa, 0.0);
    }

    @Test
    void aFactorIsTheSameAsTheScaledLearningRateAndOneRestoresItExactly() {
        for (OptimizerSettings.Kind kind : OptimizerSettings.Kind.values()) {
            OptimizerSettings settings = new OptimizerSettings(kind, LR, 0.9, 0.99, 1e-8, 1e-3, 0.9);
            OptimizerSettings scaled = new OptimizerSettings(kind, LR * 0.25, 0.9, 0.99, 1e-8, 1e-3, 0.9);
            Optimizer withFactor = settings.create(7);
            withFactor.setLearningRateFactor(0.25);
            assertSameSteps(withFactor, scaled.create(7), 7, 5);

            Optimizer restored = settings.create(7);
            restored.setLearningRateFactor(0.3);
            restored.setLearningRateFactor(1.0);
            assertSameSteps(restored, settings.create(7), 7, 5);
        }
    }

    @Test
    void epochEDecaysTheRateByDecayToTheEMinusOne() {
        LearningRateSchedule schedule = new LearningRateSchedule(0.5);
        Optimizer[] weights = {new AdamW(4, LR, 0.9, 0.99, 1e-8, 0.0)};
        Optimizer[] biases = {new AdamW(2, LR, 0.9, 0.99, 1e-8, 0.0)};
        ScheduledLearningRate rate = schedule.start(weights, biases);
        rate.endEpoch(1);
        rate.endEpoch(2); // the third epoch trains at LR / 4
        assertSameSteps(weights[0], new AdamW(4, LR * 0.25, 0.9, 0.99, 1e-8, 0.0), 4, 3);
        assertSameSteps(biases[0], new AdamW(2, LR * 0.25, 0.9, 0.99, 1e-8, 0.0), 2, 3);
    }

    @Test
    void aRestoredScheduleContinuesAtTheRateItStoppedAt() throws IOException {
        LearningRateSchedule schedule = new LearningRateSchedule(0.5);
        ScheduledLearningRate before = schedule.start(new Optimizer[] {new AdamW(3, LR, 0.9, 0.99, 1e-8, 0.0)});
        before.endEpoch(3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        before.writeState(new DataOutputStream(bytes));

        Optimizer[] resumed = {new AdamW(3, LR, 0.9, 0.99, 1e-8, 0.0)};
        schedule.start(resumed).readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertSameSteps(resumed[0], new AdamW(3, LR * 0.125, 0.9, 0.99, 1e-8, 0.0), 3, 2);
    }

    @Test
    void aConstantScheduleWritesNothingSoOldCheckpointsKeepTheirFormat() throws IOException {
        ScheduledLearningRate rate = new LearningRateSchedule(1.0).start(new Optimizer[] {new AdamW(1, LR, 0.9, 0.99, 1e-8, 0.0)});
        rate.endEpoch(4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        rate.writeState(new DataOutputStream(bytes));
        assertEquals(0, bytes.size());
    }

    @Test
    void aNegativeOrNonFiniteFactorIsRefused() {
        Optimizer optimizer = new AdamW(1, LR, 0.9, 0.99, 1e-8, 0.0);
        assertThrows(IllegalArgumentException.class, () -> optimizer.setLearningRateFactor(-0.5));
        assertThrows(IllegalArgumentException.class, () -> optimizer.setLearningRateFactor(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new MomentumSgd(1, LR, 0.9).setLearningRateFactor(Double.POSITIVE_INFINITY));
    }
}

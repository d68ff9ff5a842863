package org.engram.api.engine;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Metrics of one epoch. Epoch 0 is the evaluation before any training.
 *
 * @param trainAccuracy fraction of (at most the first 10 000) training samples predicted right after the epoch (NaN at epoch 0)
 * @param testAccuracy  fraction of the test split predicted right after the epoch
 * @param metrics       other means over the epoch reported by the learner, e.g. {@code hsic_xz/0}
 * @param seconds       wall-clock seconds the epoch's training pass took
 */
@ProviderType
public record EpochResult(int epoch, double trainAccuracy, double testAccuracy, Map<String, Double> metrics,
        double seconds) {

    public EpochResult {
        metrics = Map.copyOf(metrics);
    }
}

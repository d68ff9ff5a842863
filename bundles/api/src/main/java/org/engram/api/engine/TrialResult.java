package org.engram.api.engine;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A finished trial.
 *
 * @param provenance what produced it: plugin bundles and versions, resolved parameters, seed,
 *                   dataset hash, backend, JVM and OS
 */
@ProviderType
public record TrialResult(TrialSpec spec, List<EpochResult> epochs, Map<String, String> provenance) {

    public TrialResult {
        epochs = List.copyOf(epochs);
        provenance = Map.copyOf(provenance);
    }

    /** The last epoch's test accuracy. */
    public double finalTestAccuracy() {
        return epochs.get(epochs.size() - 1).testAccuracy();
    }
}

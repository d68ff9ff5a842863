package org.engram.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Which code produced a trial: {@code bundle.<symbolic name>} = {@code <version> <sha256>} for the engine's
 * bundle, each bundle providing one of the trial's plugins, and each bundle those import packages from (the API,
 * the numerics, ND4J), so a run names every jar whose code it ran.
 */
final class ProvenanceBundles {

    static final String PREFIX = "bundle.";

    private ProvenanceBundles() {
    }

    static Map<String, String> of(ResolvedTrial trial, BundleDigests digests) {
        Map<Long, Bundle> bundles = new LinkedHashMap<>();
        add(bundles, FrameworkUtil.getBundle(ProvenanceBundles.class));
        List<PluginRegistry.Entry> plugins = new ArrayList<>(trial.neurons());
        plugins.addAll(List.of(trial.dataset(), trial.rule(), trial.memory(), trial.backend()));
        for (PluginRegistry.Entry e : plugins) {
            add(bundles, e.origin());
        }
        for (Bundle b : List.copyOf(bundles.values())) {
            BundleWiring wiring = b.adapt(BundleWiring.class);
            if (wiring != null) {
                for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                    add(bundles, wire.getProviderWiring().getBundle());
                }
            }
        }
        Map<String, String> out = new TreeMap<>();
        for (Bundle b : bundles.values()) {
            out.put(PREFIX + b.getSymbolicName(), digests.describe(b));
        }
        return out;
    }

    private static void add(Map<Long, Bundle> bundles, Bundle b) {
        // the system bundle is the JDK and the framework: recorded as java and os already
        if (b != null && b.getBundleId() != 0) {
            bundles.putIfAbsent(b.getBundleId(), b);
        }
    }
}

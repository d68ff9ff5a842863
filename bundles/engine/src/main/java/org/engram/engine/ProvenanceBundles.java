package org.engram.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.engram.api.engine.TrialFailedException;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Which code produced a trial: {@code bundle.<symbolic name>} = {@code <version> <sha256>} for the engine's
 * bundle, each bundle providing one of the trial's plugins, and each bundle those import packages from (the API,
 * the numerics, ND4J), so a run names every jar whose code it ran.
 *
 * <p>A plugin's own bundle is hashed when its service is bound ({@link #capture}), from the revision that
 * registered it: a trial never reads the live bundle, which a hot swap may have updated or uninstalled since. The
 * bundles it imports from, large and rarely swapped (ND4J's is 130 MB), are hashed when a trial first needs them.
 */
final class ProvenanceBundles {

    static final String PREFIX = "bundle.";

    /**
     * The code of a plugin as it was when its service was bound.
     *
     * @param symbolicName the bundle that registered the service
     * @param record       {@code <version> <sha256>} of that bundle's revision, or null if it could not be hashed
     * @param failure      why it could not be hashed, else null
     * @param imports      the bundles its packages were wired to then; hashed when a trial starts
     */
    record Origin(String symbolicName, String record, String failure, List<Bundle> imports) {

        Origin {
            imports = List.copyOf(imports);
        }
    }

    private ProvenanceBundles() {
    }

    /** At bind time, on the framework's thread: the bundle is active, so its content is that of the binding revision. */
    static Origin capture(Bundle bundle, BundleDigests digests) {
        String name = bundle.getSymbolicName();
        List<Bundle> imports = new ArrayList<>();
        String record = null;
        String failure = null;
        try {
            record = digests.describe(bundle);
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring != null) {
                for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                    Bundle provider = wire.getProviderWiring().getBundle();
                    if (provider != null && provider.getBundleId() != 0 && !imports.contains(provider)) {
                        imports.add(provider);
                    }
                }
            }
        } catch (RuntimeException e) {
            // uninstalled while it was being bound, or its jar unreadable (UncheckedIOException): a trial using it
            // fails, saying why; the plugin itself stays listed
            failure = e.toString();
        }
        return new Origin(name, record, failure, imports);
    }

    /**
     * The {@code bundle.*} entries of a trial.
     *
     * @throws TrialFailedException a bundle could not be hashed (unreadable, or uninstalled since)
     */
    static Map<String, String> of(ResolvedTrial trial, BundleDigests digests) throws TrialFailedException {
        Map<String, String> out = new TreeMap<>();
        // what the engine runs itself: its bundle and what it imports, which cannot change while it is active
        Map<Long, Bundle> live = new LinkedHashMap<>();
        Bundle engine = FrameworkUtil.getBundle(ProvenanceBundles.class);
        add(live, engine);
        for (PluginRegistry.Entry e : trial.plugins()) {
            Origin origin = e.origin();
            if (origin == null) {
                continue; // registered without a framework (tests, embedding)
            }
            if (origin.record() == null) {
                throw new TrialFailedException("trial '" + trial.spec().name() + "': cannot record which code runs "
                        + e.kind().word() + " " + e.describe() + ": its bundle could not be hashed when the plugin was "
                        + "registered (" + origin.failure() + "). Reinstall the bundle (or restart Engram), then run the "
                        + "trial again", null);
            }
            out.putIfAbsent(PREFIX + origin.symbolicName(), origin.record());
            origin.imports().forEach(b -> add(live, b));
        }
        if (engine != null) {
            BundleWiring wiring = engine.adapt(BundleWiring.class);
            if (wiring != null) {
                for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                    add(live, wire.getProviderWiring().getBundle());
                }
            }
        }
        for (Bundle b : live.values()) {
            String name = b.getSymbolicName();
            if (out.containsKey(PREFIX + name)) {
                continue; // a plugin's bundle, already recorded as it was bound
            }
            try {
                out.put(PREFIX + name, digests.describe(b));
            } catch (RuntimeException e) {
                throw new TrialFailedException("trial '" + trial.spec().name() + "': cannot record which code runs it: "
                        + "bundle " + name + " (which its plugins import from) could not be hashed: " + e + ". It was "
                        + "probably uninstalled or updated as the trial started; run the trial again", e);
            }
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

package org.engram.engine;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.engram.api.Plugin;
import org.engram.api.PluginKind;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.data.Dataset;
import org.engram.api.engine.Engine;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.PluginInfo;
import org.engram.api.engine.TrialCheckpoints;
import org.engram.api.engine.TrialFailedException;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.memory.WorkingMemory;
import org.engram.api.connectivity.Connectivity;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.rule.LearningRule;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The one whiteboard consumer: tracks every plugin service dynamically by its name property and runs
 * trials against the plugins present when the trial starts. A trial whose plugin service goes while it
 * runs (a hot swap) stops at its next check rather than mix two versions (see {@link TrialRunner}).
 */
@Component(service = Engine.class, immediate = true)
public final class EngineComponent implements Engine {

    /**
     * Before a trial is refused for naming a plugin that is not there, it waits this long for it to appear: a
     * hot swap (update, or uninstall and install) leaves the name unclaimed for a moment, and a study's queued
     * trials should start on the new version rather than be lost. {@link #validate} never waits.
     */
    static final long MISSING_PLUGIN_GRACE_MILLIS = 2_000;
    /** How often a trial whose plugin is swapped away before its first epoch starts over on the new version. */
    static final int MAX_STARTS = 5;

    private final PluginRegistry registry = new PluginRegistry();
    private final BundleDigests digests = new BundleDigests();
    private volatile long missingPluginGraceMillis = MISSING_PLUGIN_GRACE_MILLIS;
    /** The log service's logger for this component while there is one; without, warnings go to stderr. */
    @Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Logger logger;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDataset(Dataset plugin, ServiceReference<Dataset> ref) {
        add(PluginKind.DATASET, plugin, ref);
    }

    void unbindDataset(ServiceReference<Dataset> ref) {
        remove(PluginKind.DATASET, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindNeuron(NeuronModel plugin, ServiceReference<NeuronModel> ref) {
        add(PluginKind.NEURON, plugin, ref);
    }

    void unbindNeuron(ServiceReference<NeuronModel> ref) {
        remove(PluginKind.NEURON, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindConnectivity(Connectivity plugin, ServiceReference<Connectivity> ref) {
        add(PluginKind.CONNECTIVITY, plugin, ref);
    }

    void unbindConnectivity(ServiceReference<Connectivity> ref) {
        remove(PluginKind.CONNECTIVITY, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindRule(LearningRule plugin, ServiceReference<LearningRule> ref) {
        add(PluginKind.RULE, plugin, ref);
    }

    void unbindRule(ServiceReference<LearningRule> ref) {
        remove(PluginKind.RULE, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindMemory(WorkingMemory plugin, ServiceReference<WorkingMemory> ref) {
        add(PluginKind.MEMORY, plugin, ref);
    }

    void unbindMemory(ServiceReference<WorkingMemory> ref) {
        remove(PluginKind.MEMORY, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindBackend(ComputeBackend plugin, ServiceReference<ComputeBackend> ref) {
        add(PluginKind.BACKEND, plugin, ref);
    }

    void unbindBackend(ServiceReference<ComputeBackend> ref) {
        remove(PluginKind.BACKEND, ref);
    }

    private void add(PluginKind kind, Plugin plugin, ServiceReference<?> ref) {
        Object name = ref.getProperty(kind.property());
        if (!(name instanceof String s) || s.isBlank()) {
            // Without a name nobody can pick it; the registry only holds addressable plugins.
            warn("ignoring a " + kind.word() + " service without the '" + kind.property() + "' property from bundle "
                    + bundleOf(ref));
            return;
        }
        Bundle bundle = ref.getBundle();
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        // version and code now, from the revision that registered the service: a trial never asks the live bundle
        registry.add(new PluginRegistry.Entry(kind, s, plugin, bundleOf(ref),
                bundle == null ? "?" : bundle.getVersion().toString(), (Long) ref.getProperty(Constants.SERVICE_ID),
                ranking instanceof Integer i ? i : 0, bundle == null ? null : ProvenanceBundles.capture(bundle, digests)));
    }

    private void warn(String message) {
        Logger current = logger;
        if (current != null) {
            current.warn(message);
        } else {
            System.err.println("engram: " + message);
        }
    }

    private void remove(PluginKind kind, ServiceReference<?> ref) {
        registry.remove(kind, (Long) ref.getProperty(Constants.SERVICE_ID));
    }

    private static String bundleOf(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        return b == null ? "?" : b.getSymbolicName();
    }

    @Override
    public List<PluginInfo> plugins() {
        return registry.all().stream().map(PluginRegistry.Entry::info).toList();
    }

    @Override
    public Optional<PluginInfo> plugin(PluginKind kind, String name) {
        return registry.get(kind, name).map(PluginRegistry.Entry::info);
    }

    @Override
    public void validate(TrialSpec spec) throws InvalidTrialException {
        ResolvedTrial.resolve(spec, registry);
    }

    @Override
    public int checkpointEpoch(byte[] state) throws IOException {
        try {
            return TrialCheckpoint.decode(state).epoch();
        } catch (TrialCheckpoint.UnreadableException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public TrialResult run(TrialSpec spec, TrialListener listener) throws InvalidTrialException, TrialFailedException {
        return run(spec, listener, TrialCheckpoints.NONE);
    }

    @Override
    public TrialResult run(TrialSpec spec, TrialListener listener, TrialCheckpoints checkpoints)
            throws InvalidTrialException, TrialFailedException {
        return run(spec, listener, checkpoints, 1);
    }

    @Override
    public TrialResult run(TrialSpec spec, TrialListener listener, TrialCheckpoints checkpoints, int threads)
            throws InvalidTrialException, TrialFailedException {
        int offered = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        for (int start = 1;; start++) {
            ResolvedTrial trial = resolveAwaitingSwaps(spec);
            try {
                return new TrialRunner(trial, listener == null ? TrialListener.NONE : listener, digests, offered)
                        .run(checkpoints == null ? TrialCheckpoints.NONE : checkpoints);
            } catch (PluginWithdrawnException e) {
                // nothing was reported or kept yet: start over on the version installed now
                if (!e.beforeFirstEpoch() || start == MAX_STARTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Resolves the trial, waiting up to the grace period for a plugin it names that is missing, and trying again if
     * one went missing between the wait and the resolution (a swap can begin at any moment).
     */
    private ResolvedTrial resolveAwaitingSwaps(TrialSpec spec) throws InvalidTrialException {
        List<Map.Entry<PluginKind, String>> names = ResolvedTrial.pluginNames(spec);
        long deadline = System.nanoTime() + missingPluginGraceMillis * 1_000_000L;
        boolean retriedWithAllPresent = false;
        while (true) {
            registry.awaitAll(names, Math.max(0, (deadline - System.nanoTime()) / 1_000_000L));
            try {
                return ResolvedTrial.resolve(spec, registry);
            } catch (InvalidTrialException e) {
                boolean missingNow = !registry.awaitAll(names, 0);
                if (deadline - System.nanoTime() <= 0 || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (!missingNow) {
                    // every plugin is back: either the trial is invalid as written, or a swap ended between the
                    // resolution and this check (HotSwapSoakIT saw that once in 4 254 trials); one more resolution
                    // tells them apart
                    if (retriedWithAllPresent) {
                        throw e;
                    }
                    retriedWithAllPresent = true;
                }
            }
        }
    }

    /** For tests: how long {@link #run} waits for a missing plugin. */
    void missingPluginGraceMillis(long millis) {
        missingPluginGraceMillis = millis;
    }

    /** For tests: as the framework does when a plugin's service is unregistered. */
    void unregister(PluginKind kind, long id) {
        registry.remove(kind, id);
    }

    /** The plugins as trials see them; for tests. */
    PluginRegistry registry() {
        return registry;
    }

    /** For tests and embedding without a framework: registers a plugin directly. */
    void register(PluginKind kind, String name, Plugin plugin, long id) {
        register(kind, name, plugin, id, 0, "test");
    }

    /** As above, with a ranking and a bundle name, to test precedence. */
    void register(PluginKind kind, String name, Plugin plugin, long id, int ranking, String bundle) {
        registry.add(new PluginRegistry.Entry(kind, name, plugin, bundle, "0", id, ranking, null));
    }
}

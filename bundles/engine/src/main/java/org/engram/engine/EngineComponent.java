package org.engram.engine;

import java.util.List;
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
import org.engram.api.neuron.NeuronModel;
import org.engram.api.rule.LearningRule;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The one whiteboard consumer: tracks every plugin service dynamically by its name property and runs
 * trials against the plugins present when the trial starts.
 */
@Component(service = Engine.class, immediate = true)
public final class EngineComponent implements Engine {

    private final PluginRegistry registry = new PluginRegistry();
    private final BundleDigests digests = new BundleDigests();

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
            System.err.println("engram: ignoring a " + kind.word() + " service without the '" + kind.property()
                    + "' property from bundle " + bundleOf(ref));
            return;
        }
        Bundle bundle = ref.getBundle();
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        registry.add(new PluginRegistry.Entry(kind, s, plugin, bundleOf(ref),
                bundle == null ? "?" : bundle.getVersion().toString(), (Long) ref.getProperty(Constants.SERVICE_ID),
                ranking instanceof Integer i ? i : 0, bundle));
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

    /** Warnings about names that several bundles claim. */
    public List<String> conflicts() {
        return registry.conflicts();
    }

    @Override
    public void validate(TrialSpec spec) throws InvalidTrialException {
        ResolvedTrial.resolve(spec, registry);
    }

    @Override
    public TrialResult run(TrialSpec spec, TrialListener listener) throws InvalidTrialException, TrialFailedException {
        return run(spec, listener, TrialCheckpoints.NONE);
    }

    @Override
    public TrialResult run(TrialSpec spec, TrialListener listener, TrialCheckpoints checkpoints)
            throws InvalidTrialException, TrialFailedException {
        ResolvedTrial trial = ResolvedTrial.resolve(spec, registry);
        return new TrialRunner(trial, listener == null ? TrialListener.NONE : listener, digests)
                .run(checkpoints == null ? TrialCheckpoints.NONE : checkpoints);
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

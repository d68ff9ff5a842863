package org.engram.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.engram.api.PluginKind;
import org.engram.api.engine.Engine;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.PluginInfo;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.neuron.NeuronModel;
import org.engram.itests.plugin.BrokenNeuron;
import org.engram.itests.plugin.DiscoveryNeuron;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * The resolved runtime in Felix: bundles and components, plugin discovery while running, and a
 * trial from end to end. One framework for the whole class; a test that installs a plugin
 * uninstalls it again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeIT {

    private static final long WAIT_MILLIS = 10_000;

    @Inject
    private BundleContext context;

    @Inject
    private Engine engine;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return new Option[] {RunBundles.runtime(getClass().getSimpleName())};
    }

    @Test
    public void everyRunBundleIsActive() {
        List<Bundle> bundles = runBundles();
        assertEquals("bundles installed from " + RunBundles.dir(), RunBundles.jars().size(), bundles.size());
        List<String> problems = new ArrayList<>();
        for (Bundle b : bundles) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                problems.add(b.getSymbolicName() + " " + b.getVersion() + " is " + state(b) + whyNotStarted(b));
            }
        }
        assertTrue(String.join("\n", problems), problems.isEmpty());
    }

    @Test
    public void everyComponentIsActiveOrSatisfied() {
        Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs(runBundles().toArray(Bundle[]::new));
        assertFalse("no DS components in the run bundles", descriptions.isEmpty());
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO d : descriptions) {
            if (!scr.isComponentEnabled(d)) {
                if (d.defaultEnabled) {
                    problems.add(d.name + " (" + d.bundle.symbolicName + ") is disabled");
                }
                continue;
            }
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(d);
            if (configurations.isEmpty() && !"require".equals(d.configurationPolicy)) {
                problems.add(d.name + " (" + d.bundle.symbolicName + ") has no configuration");
            }
            for (ComponentConfigurationDTO c : configurations) {
                if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                    problems.add(describe(d, c));
                }
            }
        }
        assertTrue(String.join("\n", problems), problems.isEmpty());
    }

    @Test
    public void engineListsBothComputeBackendsWithVersions() {
        List<PluginInfo> backends = engine.plugins().stream().filter(p -> p.kind() == PluginKind.BACKEND).toList();
        assertEquals(backends.toString(), Set.of("java", "nd4j"),
                backends.stream().map(PluginInfo::name).collect(Collectors.toSet()));
        for (PluginInfo b : backends) {
            assertTrue(b.toString(), b.bundle().startsWith("org.engram.compute."));
            assertFalse(b.toString(), b.version() == null || b.version().isBlank());
        }
    }

    @Test
    public void pluginInstalledWhileRunningIsFoundAndGoneWhenUninstalled() throws Exception {
        Bundle plugin = context.installBundle("test:discovery-neuron",
                PluginJars.component("test.discovery.neuron", DiscoveryNeuron.class, NeuronModel.class,
                        PluginKind.NEURON.property(), "test-neuron", null));
        try {
            plugin.start();
            await("test-neuron to appear in engine.plugins()",
                    () -> names(PluginKind.NEURON).contains("test-neuron"));
            PluginInfo info = engine.plugin(PluginKind.NEURON, "test-neuron").orElseThrow();
            assertEquals("test.discovery.neuron", info.bundle());
            assertEquals("1.0.0", info.version());
        } finally {
            plugin.uninstall();
        }
        await("test-neuron to leave engine.plugins()", () -> !names(PluginKind.NEURON).contains("test-neuron"));
    }

    @Test
    public void pluginWhoseActivationThrowsLeavesEverythingElseWorking() throws Exception {
        List<String> before = engine.plugins().stream().map(RuntimeIT::key).toList();
        Bundle broken = context.installBundle("test:broken-neuron",
                PluginJars.component("test.broken.neuron", BrokenNeuron.class, NeuronModel.class,
                        PluginKind.NEURON.property(), "broken-neuron", "activate"));
        try {
            broken.start();
            await("the broken component's activation to fail", () -> componentStates(broken)
                    .contains(ComponentConfigurationDTO.FAILED_ACTIVATION));

            assertEquals(Bundle.ACTIVE, broken.getState());
            assertEquals(before, engine.plugins().stream().map(RuntimeIT::key).toList());
            assertFalse(engine.plugin(PluginKind.NEURON, "broken-neuron").isPresent());
            assertFinite(engine.run(smokeTrial("backprop", "java"), TrialListener.NONE));
        } finally {
            broken.uninstall();
        }
    }

    @Test
    public void backpropSmokeTrialOnTheJavaBackend() throws Exception {
        assertFinite(engine.run(smokeTrial("backprop", "java"), TrialListener.NONE));
    }

    @Test
    public void backpropSmokeTrialOnTheNd4jBackendRunsInNd4j() throws Exception {
        TrialResult result = engine.run(smokeTrial("backprop", "nd4j"), TrialListener.NONE);

        assertFinite(result);
        String implementation = result.provenance().get("backend.implementation");
        assertTrue(implementation, implementation != null && implementation.contains("ND4J"));
    }

    @Test
    public void ibHebbianSmokeTrialOnTheJavaBackend() throws Exception {
        assertFinite(engine.run(smokeTrial("ib-hebbian", "java"), TrialListener.NONE));
    }

    @Test
    public void launcherCommandIsAnsweredByTheCliBundle() throws Exception {
        // the launcher's side of the protocol (org.engram.launcher.Main.runCommand)
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("engram.launcher", Boolean.TRUE);
        props.put("engram.args", new String[] {"plugins"});
        IntConsumer answer = exitCode::complete;
        ServiceRegistration<IntConsumer> registration = context.registerService(IntConsumer.class, answer, props);
        try {
            assertEquals(Integer.valueOf(0), exitCode.get(WAIT_MILLIS, TimeUnit.MILLISECONDS));
        } finally {
            registration.unregister();
        }
    }

    // ------------------------------------------------------------------------------------------

    /** XOR through a 10-unit ReLU+LayerNorm layer and a linear output, two epochs, default parameters. */
    private static TrialSpec smokeTrial(String rule, String backend) {
        return new TrialSpec("smoke-" + rule + "-" + backend, "xor", Map.of(),
                List.of(new LayerSpec(10, "relu-layernorm", Map.of()), new LayerSpec(2, "linear", Map.of())),
                rule, Map.of(), null, Map.of(), backend, Map.of(), 1L, 2, 0, 0);
    }

    private static void assertFinite(TrialResult result) {
        List<EpochResult> epochs = result.epochs();
        assertEquals(result.toString(), 2, epochs.get(epochs.size() - 1).epoch());
        for (EpochResult e : epochs) {
            assertTrue(e.toString(), e.testAccuracy() >= 0 && e.testAccuracy() <= 1);
            if (e.epoch() > 0) {
                assertTrue(e.toString(), e.trainAccuracy() >= 0 && e.trainAccuracy() <= 1);
            }
        }
    }

    private List<Bundle> runBundles() {
        String prefix = RunBundles.locationPrefix();
        return Arrays.stream(context.getBundles()).filter(b -> b.getLocation().startsWith(prefix)).toList();
    }

    private List<String> names(PluginKind kind) {
        return engine.plugins().stream().filter(p -> p.kind() == kind).map(PluginInfo::name).toList();
    }

    private static String key(PluginInfo p) {
        return p.kind().word() + " " + p.name() + " " + p.bundle() + " " + p.version();
    }

    private List<Integer> componentStates(Bundle bundle) {
        return scr.getComponentDescriptionDTOs(bundle).stream()
                .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream()).map(c -> c.state).toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + WAIT_MILLIS + " ms for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String state(Bundle b) {
        switch (b.getState()) {
            case Bundle.INSTALLED:
                return "INSTALLED (unresolved)";
            case Bundle.RESOLVED:
                return "RESOLVED (not started)";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            case Bundle.ACTIVE:
                return "ACTIVE";
            default:
                return "UNINSTALLED";
        }
    }

    /** Starting it again gives the framework's reason, e.g. the missing requirement of an unresolved bundle. */
    private static String whyNotStarted(Bundle b) {
        if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return "";
        }
        try {
            b.start();
            return " (it starts when asked again)";
        } catch (BundleException | RuntimeException e) {
            return ": " + e.getMessage() + (e.getCause() == null ? "" : " caused by " + e.getCause());
        }
    }

    private static String describe(ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        StringBuilder sb = new StringBuilder(d.name + " (" + d.bundle.symbolicName + ") is ");
        switch (c.state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                sb.append("UNSATISFIED_CONFIGURATION");
                break;
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                sb.append("UNSATISFIED_REFERENCE");
                break;
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                sb.append("FAILED_ACTIVATION: ").append(c.failure);
                break;
            default:
                sb.append("in state ").append(c.state);
        }
        for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
            String type = Arrays.stream(d.references).filter(r -> r.name.equals(u.name)).map((ReferenceDTO r) -> r.interfaceName)
                    .findFirst().orElse("?");
            sb.append("; no ").append(type).append(" for reference '").append(u.name).append("'")
                    .append(u.target == null ? "" : " with target " + u.target);
        }
        return sb.toString();
    }
}

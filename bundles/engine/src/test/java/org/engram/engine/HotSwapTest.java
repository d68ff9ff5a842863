package org.engram.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.engram.api.PluginKind;
import org.engram.api.TrialContext;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.TrialCheckpoints;
import org.engram.api.engine.TrialFailedException;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.engram.api.rule.LearningRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * A plugin updated or removed while trials use it (its service unregistered): a running trial stops at its next
 * check with a message saying so, never recording an epoch that mixed two versions; a trial that has not begun
 * starts over on the new version; a run waits briefly for a name that a swap left unclaimed; provenance is what
 * the plugin's bundle was when its service was bound.
 */
class HotSwapTest {

    private static final long RULE_ID = 10;

    @TempDir
    Path dir;

    /** Learns nothing; calls {@code onStep} with the epoch and window of each step, {@code onEndEpoch} after each epoch. */
    static final class HookedRule implements LearningRule {
        interface Step {
            void at(int epoch, int window);
        }

        final AtomicInteger steps = new AtomicInteger();
        private final Step onStep;
        private final IntConsumer onEndEpoch;

        HookedRule(Step onStep, IntConsumer onEndEpoch) {
            this.onStep = onStep;
            this.onEndEpoch = onEndEpoch;
        }

        @Override
        public Learner create(Network net, Parameters p, TrialContext ctx) {
            int[] at = {0, 0};
            return new Learner() {
                public int windowLength() {
                    return 1;
                }

                public void learn(Window w) {
                    if (w.epoch() != at[0]) {
                        at[0] = w.epoch();
                        at[1] = 0;
                    }
                    at[1]++;
                    steps.incrementAndGet();
                    net.forward(w.inputs(), w.length());
                    onStep.at(at[0], at[1]);
                }

                public void endEpoch(int epoch) {
                    onEndEpoch.accept(epoch);
                }
            };
        }

        public String description() {
            return "calls hooks";
        }

        public List<ParameterDescriptor> parameters() {
            return List.of();
        }
    }

    private static EngineComponent engineWith(LearningRule rule) {
        EngineComponent engine = EngineComponentTest.engine();
        engine.register(PluginKind.RULE, "swapped", rule, RULE_ID, 0, "test.swapped");
        return engine;
    }

    private static TrialSpec spec(int epochs) {
        return EngineComponentTest.spec("swapped", Map.of(), 2, epochs, 3);
    }

    /** Runs to the expected failure; returns it, with the epochs the listener was told of in {@code told}. */
    private static TrialFailedException failure(EngineComponent engine, TrialSpec spec, List<Integer> told) {
        TrialListener listener = new TrialListener() {
            @Override
            public void epochDone(EpochResult result) {
                told.add(result.epoch());
            }
        };
        return assertThrows(TrialFailedException.class, () -> engine.run(spec, listener));
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
        }
    }

    @Test
    void aPluginUnregisteredMidEpochStopsTheTrialAtTheNextStepNamingItAndWhere() {
        EngineComponent[] engine = new EngineComponent[1];
        HookedRule rule = new HookedRule((epoch, window) -> {
            if (epoch == 2 && window == 5) {
                engine[0].unregister(PluginKind.RULE, RULE_ID);
            }
        }, epoch -> {
        });
        engine[0] = engineWith(rule);
        List<Integer> told = new ArrayList<>();

        TrialFailedException e = failure(engine[0], spec(3), told);

        assertMentions(e.getMessage(), "trial 't': rule 'swapped' (bundle test.swapped 0) was updated or removed during "
                + "the trial", "at epoch 2, window 5;", "the trial stopped so that no epoch mixes two versions",
                "engram resume <run folder> restarts it on the version installed now");
        assertFalse(e.getMessage().contains("checkpoint"), e.getMessage());
        assertEquals(List.of(0, 1), told, "the epoch the swap cut into is never reported");
        assertEquals(200 + 5, rule.steps.get(), "no step after the one during which the plugin went");
    }

    @Test
    void aPluginUnregisteredAtTheEndOfAnEpochStopsTheTrialBeforeThatEpochIsRecorded() {
        EngineComponent[] engine = new EngineComponent[1];
        // as a plugin that reads its bundle's resources at the end of an epoch: it may already read the new version's
        engine[0] = engineWith(new HookedRule((epoch, window) -> {
        }, epoch -> {
            if (epoch == 2) {
                engine[0].unregister(PluginKind.RULE, RULE_ID);
            }
        }));
        List<Integer> told = new ArrayList<>();

        TrialFailedException e = failure(engine[0], spec(3), told);

        assertMentions(e.getMessage(), "was updated or removed during the trial", "at the end of epoch 2;");
        assertEquals(List.of(0, 1), told);
    }

    @Test
    void aPluginThatFailsBecauseItWasSwappedAwayIsNotBlamedForIt() {
        EngineComponent[] engine = new EngineComponent[1];
        engine[0] = engineWith(new HookedRule((epoch, window) -> {
            if (epoch == 1 && window == 3) {
                engine[0].unregister(PluginKind.RULE, RULE_ID);
                // what a plugin whose bundle was refreshed away meets: its resources and classes are gone
                throw new IllegalStateException("swap-marker.txt is no longer readable");
            }
        }, epoch -> {
        }));

        TrialFailedException e = failure(engine[0], spec(2), new ArrayList<>());

        assertMentions(e.getMessage(), "rule 'swapped' (bundle test.swapped 0) was updated or removed during the trial",
                "at epoch 1, window 3", "What failed as it went: java.lang.IllegalStateException: swap-marker.txt is no "
                        + "longer readable");
        assertFalse(e.getMessage().contains("The fault is in that plugin's code"), e.getMessage());
    }

    @Test
    void theMessageSaysWhenTheTrialKeptACheckpointOfTheOldVersion() {
        EngineComponent[] engine = new EngineComponent[1];
        engine[0] = engineWith(new CheckpointedRule(epoch -> {
            if (epoch == 2) {
                engine[0].unregister(PluginKind.RULE, RULE_ID);
            }
        }));
        List<byte[]> kept = new ArrayList<>();
        TrialCheckpoints store = new TrialCheckpoints() {
            public Optional<byte[]> latest() {
                return Optional.empty();
            }

            public void save(int epoch, byte[] state) {
                kept.add(state);
            }
        };

        TrialFailedException e = assertThrows(TrialFailedException.class,
                () -> engine[0].run(spec(3), TrialListener.NONE, store));

        assertMentions(e.getMessage(), "at the end of epoch 2", "its checkpoint after epoch 1 holds the old version's "
                + "state, so delete it first, or reinstall that version to continue from it");
        assertEquals(1, kept.size(), "the epoch the swap cut into is not checkpointed");
    }

    /** Learns nothing, keeps an empty state: a trial of it is checkpointed; calls {@code onEndEpoch}. */
    static final class CheckpointedRule implements LearningRule {
        private final IntConsumer onEndEpoch;

        CheckpointedRule(IntConsumer onEndEpoch) {
            this.onEndEpoch = onEndEpoch;
        }

        @Override
        public Learner create(Network net, Parameters p, TrialContext ctx) {
            return new CheckpointedLearner(onEndEpoch);
        }

        public String description() {
            return "checkpointed";
        }

        public List<ParameterDescriptor> parameters() {
            return List.of();
        }
    }

    static final class CheckpointedLearner implements Learner, org.engram.api.Checkpointable {
        private final IntConsumer onEndEpoch;

        CheckpointedLearner(IntConsumer onEndEpoch) {
            this.onEndEpoch = onEndEpoch;
        }

        public int windowLength() {
            return 1;
        }

        public void learn(Window w) {
        }

        public void endEpoch(int epoch) {
            onEndEpoch.accept(epoch);
        }

        public void writeState(java.io.DataOutput out) {
        }

        public void readState(java.io.DataInput in) {
        }
    }

    /** Blobs whose loading calls a hook first: a swap that happens while a trial is being set up. */
    static class HookedBlobs implements Dataset {
        private final Dataset blobs = new EngineComponentTest.Blobs();
        private final Runnable onLoad;

        HookedBlobs(Runnable onLoad) {
            this.onLoad = onLoad;
        }

        @Override
        public DataSplits load(Parameters parameters, long seed) throws DataException {
            onLoad.run();
            return blobs.load(parameters, seed);
        }

        public String description() {
            return blobs.description();
        }

        public List<ParameterDescriptor> parameters() {
            return blobs.parameters();
        }
    }

    @Test
    void aTrialWhosePluginIsSwappedBeforeItsFirstEpochStartsOverOnTheNewVersion() throws Exception {
        HookedRule v1 = new HookedRule((epoch, window) -> {
        }, epoch -> {
        });
        HookedRule v2 = new HookedRule((epoch, window) -> {
        }, epoch -> {
        });
        EngineComponent engine = engineWith(v1);
        AtomicBoolean swapped = new AtomicBoolean();
        engine.register(PluginKind.DATASET, "blobs", new HookedBlobs(() -> {
            if (swapped.compareAndSet(false, true)) {
                engine.unregister(PluginKind.RULE, RULE_ID);
                engine.register(PluginKind.RULE, "swapped", v2, RULE_ID + 1, 0, "test.swapped.v2");
            }
        }), 1, 1, "test.hooked");
        List<Integer> told = new ArrayList<>();
        TrialListener listener = new TrialListener() {
            @Override
            public void epochDone(EpochResult result) {
                told.add(result.epoch());
            }
        };

        TrialResult result = engine.run(spec(2), listener);

        assertTrue(result.provenance().get("rule").startsWith("swapped (test.swapped.v2 0)"), result.provenance().get("rule"));
        assertEquals(0, v1.steps.get(), "the old version never learned");
        assertEquals(400, v2.steps.get());
        assertEquals(List.of(0, 1, 2), told, "each epoch reported once");
    }

    @Test
    void aTrialThatLosesItsPluginEveryTimeItStartsFailsAfterAFewStarts() {
        EngineComponent engine = EngineComponentTest.engine();
        AtomicInteger loads = new AtomicInteger();
        AtomicLong nextId = new AtomicLong(100);
        engine.register(PluginKind.DATASET, "blobs", new HookedBlobs(() -> {
            loads.incrementAndGet();
            // a swap at every start: the rule this start resolved goes, another comes
            long id = nextId.get();
            engine.register(PluginKind.RULE, "swapped", new EngineComponentTest.Delta(), nextId.incrementAndGet(), 0,
                    "test.swapped");
            engine.unregister(PluginKind.RULE, id);
        }), 1, 1, "test.hooked");
        engine.register(PluginKind.RULE, "swapped", new EngineComponentTest.Delta(), nextId.get(), 0, "test.swapped");

        TrialFailedException e = assertThrows(TrialFailedException.class, () -> engine.run(spec(1), TrialListener.NONE));

        assertMentions(e.getMessage(), "rule 'swapped' (bundle test.swapped 0) was updated or removed", "before its first "
                + "epoch");
        assertEquals(EngineComponent.MAX_STARTS, loads.get());
    }

    @Test
    void runWaitsBrieflyForAPluginThatASwapLeftMissingButValidateDoesNot() throws Exception {
        EngineComponent engine = EngineComponentTest.engine();
        HookedRule rule = new HookedRule((epoch, window) -> {
        }, epoch -> {
        });
        assertThrows(InvalidTrialException.class, () -> engine.validate(spec(1)));

        Thread swapIn = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
            engine.register(PluginKind.RULE, "swapped", rule, RULE_ID, 0, "test.swapped");
        });
        swapIn.start();
        TrialResult result = engine.run(spec(1), TrialListener.NONE);
        swapIn.join();

        assertEquals(2, result.epochs().size());
        assertEquals(200, rule.steps.get());
    }

    @Test
    void runWaitsAlsoForAPluginThatGoesMissingWhileTheTrialIsResolved() throws Exception {
        HookedRule v2 = new HookedRule((epoch, window) -> {
        }, epoch -> {
        });
        EngineComponent engine = engineWith(new HookedRule((epoch, window) -> {
        }, epoch -> {
        }));
        AtomicBoolean swapped = new AtomicBoolean();
        List<Thread> swapIn = new ArrayList<>();
        // the engine reads the dataset's parameters before it looks the rule up: a swap begins between the two
        engine.register(PluginKind.DATASET, "blobs", new HookedBlobs(() -> {
        }) {
            @Override
            public List<ParameterDescriptor> parameters() {
                if (swapped.compareAndSet(false, true)) {
                    engine.unregister(PluginKind.RULE, RULE_ID);
                    Thread t = new Thread(() -> {
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                        engine.register(PluginKind.RULE, "swapped", v2, RULE_ID + 1, 0, "test.swapped.v2");
                    });
                    swapIn.add(t);
                    t.start();
                }
                return super.parameters();
            }
        }, 1, 1, "test.hooked");

        TrialResult result = engine.run(spec(1), TrialListener.NONE);
        swapIn.get(0).join();

        assertTrue(result.provenance().get("rule").startsWith("swapped (test.swapped.v2 0)"), result.provenance().get("rule"));
        assertEquals(200, v2.steps.get());
    }

    @Test
    void runRefusesAPluginStillMissingAfterTheGracePeriod() {
        EngineComponent engine = EngineComponentTest.engine();
        engine.missingPluginGraceMillis(100);
        long t0 = System.nanoTime();

        InvalidTrialException e = assertThrows(InvalidTrialException.class, () -> engine.run(spec(1), TrialListener.NONE));

        assertTrue(System.nanoTime() - t0 >= 100_000_000L, "it waited for the grace period");
        assertMentions(e.getMessage(), "unknown rule 'swapped'; available: delta");
    }

    @Test
    void runDoesNotWaitWhenEveryPluginIsThere() throws Exception {
        EngineComponent engine = engineWith(new HookedRule((epoch, window) -> {
        }, epoch -> {
        }));
        engine.missingPluginGraceMillis(60_000);
        long t0 = System.nanoTime();

        assertThrows(InvalidTrialException.class, () -> engine.run(EngineComponentTest.spec("swapped", Map.of("x", 1), 2,
                1, 3), TrialListener.NONE), "a bad parameter is refused");
        assertEquals(2, engine.run(spec(1), TrialListener.NONE).epochs().size());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "neither waited for the grace period");
    }

    // ---- provenance captured at bind time -------------------------------------------------------

    /** A bundle whose every method throws as an uninstalled one does once {@code uninstalled} is set. */
    private static Bundle bundle(String version, AtomicBoolean uninstalled, Map<String, Path> entries) {
        Version[] current = {Version.parseVersion(version)};
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "getBundleId":
                            return 77L;
                        case "getSymbolicName":
                            return "test.bound";
                        default:
                            break;
                    }
                    if (uninstalled.get()) {
                        throw new IllegalStateException("The bundle is uninstalled.");
                    }
                    return switch (method.getName()) {
                        case "getVersion" -> current[0];
                        case "getLocation" -> "test:bound";
                        case "getLastModified" -> 1L;
                        case "adapt" -> null; // no wiring: imports nothing
                        case "getEntryPaths" -> BundleDigestsTest.entryPaths(entries.keySet(), (String) args[0]);
                        case "getEntry" -> entries.get(((String) args[0]).substring(1)).toUri().toURL();
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<LearningRule> reference(Bundle bundle, long id) {
        Map<String, Object> properties = Map.of(PluginKind.RULE.property(), "swapped", Constants.SERVICE_ID, id);
        return (ServiceReference<LearningRule>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getBundle" -> bundle;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theBundleDigestIsTakenWhenThePluginIsBoundAndOutlivesTheBundle() throws Exception {
        Path classFile = Files.writeString(dir.resolve("Rule.class"), "version one");
        AtomicBoolean uninstalled = new AtomicBoolean();
        Bundle bundle = bundle("1.2.3", uninstalled, Map.of("p/Rule.class", classFile));
        String digest = BundleDigests.compute(bundle);
        EngineComponent engine = EngineComponentTest.engine();
        engine.bindRule(new EngineComponentTest.Delta(), reference(bundle, RULE_ID));

        // the bundle is uninstalled and its content replaced, but the service is still bound (it is going)
        uninstalled.set(true);
        Files.writeString(classFile, "version two");
        TrialResult result = engine.run(EngineComponentTest.spec("swapped", Map.of(), 2, 1, 3), TrialListener.NONE);

        assertEquals("1.2.3 " + digest, result.provenance().get("bundle.test.bound"));
        assertTrue(result.provenance().get("rule").startsWith("swapped (test.bound 1.2.3)"), result.provenance().get("rule"));
        assertEquals("1.2.3", engine.plugin(PluginKind.RULE, "swapped").orElseThrow().version());
    }

    @Test
    void aPluginWhoseBundleCouldNotBeHashedWhenBoundFailsItsTrialsWithATrialFailedException() {
        AtomicBoolean uninstalled = new AtomicBoolean(true);
        EngineComponent engine = EngineComponentTest.engine();
        Bundle bundle = bundle("1.2.3", new AtomicBoolean(), Map.of());
        // uninstalled between its registration and its binding
        engine.bindRule(new EngineComponentTest.Delta(), reference(bundle(uninstalled, bundle), RULE_ID));

        TrialFailedException e = assertThrows(TrialFailedException.class, () -> engine.run(
                EngineComponentTest.spec("swapped", Map.of(), 2, 1, 3), TrialListener.NONE));

        assertMentions(e.getMessage(), "trial 't': cannot record which code runs rule swapped (test.bound 1.2.3)",
                "could not be hashed when the plugin was registered",
                "java.lang.IllegalStateException: The bundle is uninstalled.");
    }

    /** {@code live}'s version and name, but its content unreadable: uninstalled just before the engine reads it. */
    private static Bundle bundle(AtomicBoolean unreadable, Bundle live) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> {
                    if (unreadable.get() && method.getName().startsWith("getEntr")) {
                        throw new IllegalStateException("The bundle is uninstalled.");
                    }
                    return method.invoke(live, args);
                });
    }
}

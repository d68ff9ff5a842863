package org.engram.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.engram.api.PluginKind;
import org.engram.api.engine.Engine;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.PluginInfo;
import org.engram.api.engine.TrialFailedException;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.study.Study;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyOutcome;
import org.engram.api.study.StudyService;
import org.engram.api.study.StudyTrial;
import org.engram.itests.plugin.SwapRule;
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
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Hot swap under load: a rule bundle built by the test is replaced 100 times, alternately by
 * {@code Bundle.update} and by uninstall and install, each followed by a refresh, while two long
 * trials, a study and a stream of short trials use the rule. Every trial either succeeds with every
 * epoch produced by one version of the rule (and a provenance naming that version), or is stopped by
 * the engine with a {@link TrialFailedException} saying that its rule was updated or removed during
 * the trial; none mixes versions, fails otherwise, throws anything else or hangs. The long trials,
 * which span the swaps, stop at the first one; the study, resumed once the swaps are over, finishes
 * every trial on the version installed then. Afterwards the live threads, the used heap and the
 * swapped bundle's class loaders are back near where they were. The numbers go to stdout and to
 * {@code target/hotswap-soak.txt}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapSoakIT {

    private static final int SWAPS = 100;
    /** Swaps are spaced at least this far apart, so that the long trials span all of them. */
    private static final long SWAP_PERIOD_MILLIS = 100;
    private static final String RULE = "swap-rule";
    private static final String SYMBOLIC_NAME = "test.swap.rule";
    private static final String COMPONENT_XML = "OSGI-INF/swap-rule.xml";
    /** The long trials: LONG_EPOCHS epochs of at least LONG_PAUSE_MILLIS, longer than the 100 spaced swaps. */
    private static final int LONG_EPOCHS = 200;
    private static final int LONG_PAUSE_MILLIS = 80;
    /** The version installed after the last swap (swap i installs 2 when i is even, counting from 0). */
    private static final int FINAL_VERSION = (SWAPS - 1) % 2 == 0 ? 2 : 1;
    /** What the engine says when it stops a trial whose plugin was swapped under it. */
    private static final String STOPPED = "was updated or removed during the trial";

    private static final int MAX_EXTRA_THREADS = 5;
    private static final long MAX_EXTRA_HEAP_BYTES = 64L << 20;
    private static final int MAX_LIVE_LOADERS = 5;

    private static final int MAX_PROBLEMS = 100;
    private static final long WAIT_MILLIS = 30_000;
    private static final long RUN_DONE_MILLIS = 90_000;

    @Inject
    private BundleContext context;

    @Inject
    private Engine engine;

    @Inject
    private StudyService studies;

    /** Class loaders of every revision of the rule bundle, oldest first. */
    private final List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    private final AtomicInteger swapsDone = new AtomicInteger();
    /** Whatever went wrong in a way that is not a clean failure: a mix of versions, another exception, a hang. */
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger moreProblems = new AtomicInteger();
    /** Provenance digest of the rule bundle seen per version, each of which must be single. */
    private final Map<Integer, Set<String>> digests = new ConcurrentHashMap<>();

    @Configuration
    public Option[] config() {
        return new Option[] {RunBundles.runtime(getClass().getSimpleName())};
    }

    @Test
    public void swappingARuleBundleAHundredTimesDuringARunNeverMixesVersionsAndLeavesNothingBehind() throws Exception {
        long testStart = System.nanoTime();
        byte[][] jars = {null, ruleJar(1), ruleJar(2)};
        Bundle rule = context.installBundle("test:swap-rule#initial", new ByteArrayInputStream(jars[1]));
        try {
            rule.start();
            awaitRuleVersion(1);
            loaders.add(new WeakReference<>(loaderOf(rule)));

            // warm up every path measured later (framework wiring thread, study writers, JIT) before the baseline
            for (boolean touch : new boolean[] {false, true}) {
                TrialResult warm = engine.run(shortTrial(0, touch), TrialListener.NONE);
                String mix = versionMix(warm, touch, "warm-up");
                assertTrue(mix, mix == null);
            }
            refresh(rule);
            Path runs = targetDir().resolve("hotswap-soak-runs");
            deleteTree(runs); // the last run's folders only
            StudyOutcome warmStudy = studies.run(studies.parse(studyYaml(1, 2, 0), "warm-up.yaml"), runs, StudyListener.NONE);
            assertTrue(warmStudy.failures().toString(), warmStudy.succeeded());

            Measure before = Measure.take();
            Study study = studies.parse(studyYaml(8, 20, 40), "hotswap-soak.yaml");
            Tally shortTrials = new Tally();
            Tally studyTrials = new Tally();
            Tally resumedTrials = new Tally();
            StudyOutcome outcome = null;
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "soak-" + r.hashCode()));
            List<String> longTrials = Collections.synchronizedList(new ArrayList<>());
            long swapNanos;
            List<Long> swapMillis = new ArrayList<>();
            try {
                CountDownLatch longTrialsStarted = new CountDownLatch(2);
                Future<?> plain = pool.submit(() -> longTrial(false, longTrials, longTrialsStarted));
                Future<?> touching = pool.submit(() -> longTrial(true, longTrials, longTrialsStarted));
                Future<?> shortLoop = pool.submit(() -> shortTrials(stop, shortTrials));
                Future<StudyOutcome> studyRun = pool.submit(() -> studies.run(study, runs, studyListener(studyTrials)));

                // the long trials must hold the version they started with before anything is swapped
                check(longTrialsStarted.await(WAIT_MILLIS, TimeUnit.MILLISECONDS), "the long trials did not start");
                long swapStart = System.nanoTime();
                rule = swapAll(rule, jars, swapMillis);
                swapNanos = System.nanoTime() - swapStart;

                stop.set(true);
                awaitDone("the short trials", shortLoop);
                awaitDone("the long trial (plain)", plain);
                awaitDone("the long trial (touching its bundle)", touching);
                outcome = awaitDone("the study", studyRun);
                if (outcome != null) {
                    check(outcome.notRun().isEmpty(), "study trials neither completed nor failed: " + outcome.notRun());
                    check(outcome.completed().size() + outcome.failures().size() == study.trials().size(),
                            "the study's outcome does not account for its " + study.trials().size() + " trials: " + outcome);
                }
            } finally {
                stop.set(true);
                pool.shutdownNow();
                if (!pool.awaitTermination(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    problem("the soak's own threads did not end:\n" + threadDump("soak-"));
                }
            }
            if (outcome != null) {
                // what the engine's message advises: resume reruns the stopped trials, on the version installed now
                StudyOutcome resumed = studies.resume(outcome.folder(), studyListener(resumedTrials));
                check(resumed.succeeded(), "the resumed study did not finish every trial: " + resumed.failures()
                        + (resumed.notRun().isEmpty() ? "" : ", not run: " + resumed.notRun()));
                check(resumed.completed().size() == outcome.failures().size(), "resume reran "
                        + resumed.completed().size() + " trials, but " + outcome.failures().size() + " had been stopped");
                check(resumedTrials.okByVersion.get(FINAL_VERSION).get() == resumed.completed().size(), "the resumed "
                        + "trials did not all run on version " + FINAL_VERSION + ", installed now: " + resumedTrials);
            }

            Measure after = Measure.take();
            int alive = awaitLoadersCollected();
            String report = report(before, after, alive, swapNanos, swapMillis, shortTrials, studyTrials, resumedTrials,
                    longTrials, System.nanoTime() - testStart);
            System.out.println(report);
            Files.writeString(targetDir().resolve("hotswap-soak.txt"), report, StandardCharsets.UTF_8);

            check(swapsDone.get() == SWAPS, "only " + swapsDone.get() + " of " + SWAPS + " swaps were done");
            for (int version : new int[] {1, 2}) {
                check(shortTrials.okByVersion.get(version).get() > 0, "no short trial succeeded on version " + version);
            }
            digests.forEach((version, seen) -> check(seen.size() == 1, "the provenance of version " + version
                    + " names several digests of the rule bundle: " + seen));
            check(after.threads <= before.threads + MAX_EXTRA_THREADS, "live threads grew from " + before.threads + " to "
                    + after.threads + ", more than " + MAX_EXTRA_THREADS);
            check(after.heap <= before.heap + MAX_EXTRA_HEAP_BYTES, String.format(Locale.ROOT,
                    "used heap after GC grew from %.1f MB to %.1f MB, more than %d MB", mb(before.heap), mb(after.heap),
                    MAX_EXTRA_HEAP_BYTES >> 20));
            check(alive <= MAX_LIVE_LOADERS, alive + " of " + loaders.size() + " class loaders of the rule bundle are still "
                    + "reachable after GC, more than " + MAX_LIVE_LOADERS);
            // one failure that lists everything, so that one problem never hides another
            assertTrue((problems.size() + moreProblems.get()) + " problems (details in target/hotswap-soak.txt):\n"
                    + String.join("\n\n", problems), problems.isEmpty());
        } finally {
            if (rule.getState() != Bundle.UNINSTALLED) {
                rule.uninstall();
            }
        }
    }

    // ---- the swaps ---------------------------------------------------------------------------

    /** Swap i installs version 2 when i is even, else 1; pairs of swaps alternate between update and reinstall. */
    private Bundle swapAll(Bundle rule, byte[][] jars, List<Long> swapMillis) throws Exception {
        for (int i = 0; i < SWAPS; i++) {
            long t0 = System.nanoTime();
            int version = i % 2 == 0 ? 2 : 1;
            if ((i / 2) % 2 == 0) {
                try {
                    rule.update(new ByteArrayInputStream(jars[version]));
                } catch (BundleException e) {
                    // the update itself is done when only restarting the new revision failed
                    problem("swap " + (i + 1) + ": Bundle.update threw " + trace(e));
                }
                refresh(rule);
            } else {
                rule.uninstall();
                refresh(rule);
                rule = context.installBundle("test:swap-rule#" + i, new ByteArrayInputStream(jars[version]));
            }
            start(rule, i + 1);
            awaitRuleVersion(version);
            loaders.add(new WeakReference<>(loaderOf(rule)));
            swapsDone.incrementAndGet();
            long took = (System.nanoTime() - t0) / 1_000_000;
            swapMillis.add(took);
            if (took < SWAP_PERIOD_MILLIS) {
                Thread.sleep(SWAP_PERIOD_MILLIS - took);
            }
        }
        return rule;
    }

    /** Starts the swapped-in bundle, again if the first try fails, so that one failed swap does not end the soak. */
    private void start(Bundle bundle, int swap) throws BundleException, InterruptedException {
        for (int attempt = 1; bundle.getState() != Bundle.ACTIVE; attempt++) {
            try {
                bundle.start();
            } catch (BundleException e) {
                problem("swap " + swap + ": starting the new revision failed (attempt " + attempt + "): " + trace(e));
                if (attempt == 3) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private void check(boolean condition, String problem) {
        if (!condition) {
            problem(problem);
        }
    }

    /** Keeps the first MAX_PROBLEMS in full, so that an engine failing every trial cannot fill the heap being measured. */
    private void problem(String problem) {
        synchronized (problems) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(problem);
            } else {
                moreProblems.incrementAndGet();
            }
        }
    }

    private static ClassLoader loaderOf(Bundle bundle) {
        return bundle.adapt(BundleWiring.class).getClassLoader();
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        List<FrameworkEvent> errors = Collections.synchronizedList(new ArrayList<>());
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.ERROR) {
                errors.add(event);
            }
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue("the refresh of " + bundle + " did not end in " + WAIT_MILLIS + " ms",
                done.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
        assertTrue("refresh errors: " + errors, errors.isEmpty());
    }

    private void awaitRuleVersion(int version) throws InterruptedException {
        String expected = version + ".0.0";
        await("rule " + RULE + " " + expected + " in engine.plugins()", () -> engine.plugin(PluginKind.RULE, RULE)
                .map(PluginInfo::version).filter(expected::equals).isPresent());
    }

    /** The rule of one version: the same classes; the bundle version, component property and resource say which. */
    private static byte[] ruleJar(int version) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + SYMBOLIC_NAME + "\""
                + " immediate=\"true\" activate=\"activate\">\n"
                + "  <implementation class=\"" + SwapRule.class.getName() + "\"/>\n"
                + "  <service><provide interface=\"org.engram.api.rule.LearningRule\"/></service>\n"
                + "  <property name=\"" + PluginKind.RULE.property() + "\" value=\"" + RULE + "\"/>\n"
                + "  <property name=\"" + SwapRule.MARKER_PROPERTY + "\" value=\"" + version + "\"/>\n"
                + "</scr:component>\n";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Bundle-SymbolicName", SYMBOLIC_NAME);
        headers.put("Bundle-Version", version + ".0.0");
        headers.put("Import-Package", "org.engram.api;version=\"[1.0,2)\",org.engram.api.network;version=\"[1.0,2)\","
                + "org.engram.api.param;version=\"[2.0,3)\",org.engram.api.rule;version=\"[1.0,2)\"");
        headers.put("Service-Component", COMPONENT_XML);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(COMPONENT_XML, xml.getBytes(StandardCharsets.UTF_8));
        entries.put(SwapRule.MARKER_RESOURCE, Integer.toString(version).getBytes(StandardCharsets.US_ASCII));
        for (Class<?> type : SwapRule.CLASSES) {
            Map.Entry<String, byte[]> e = PluginJars.classEntry(type);
            entries.put(e.getKey(), e.getValue());
        }
        return PluginJars.jar(headers, entries);
    }

    // ---- the trials --------------------------------------------------------------------------

    /** XOR through 8 ReLU+LayerNorm units and a linear output that the swap rule trains. */
    private static TrialSpec trial(String name, long seed, int epochs, int pauseMillis, boolean touch) {
        return new TrialSpec(name, "xor", Map.of(),
                List.of(new LayerSpec(8, "relu-layernorm", Map.of()), new LayerSpec(2, "linear", Map.of())), RULE,
                Map.of("pauseMillis", pauseMillis, "touchBundle", touch), null, Map.of(), "java", Map.of(), seed, epochs,
                200, 100);
    }

    private static TrialSpec shortTrial(long seed, boolean touch) {
        return trial("short-" + seed + (touch ? "-touching" : ""), seed, 3, 0, touch);
    }

    /** Short trials back to back until told to stop, alternating whether they read their bundle. */
    private void shortTrials(AtomicBoolean stop, Tally tally) {
        for (long seed = 1; !stop.get(); seed++) {
            boolean touch = seed % 2 == 0;
            try {
                tally.ok(engine.run(shortTrial(seed, touch), TrialListener.NONE), touch, "short trial " + seed);
            } catch (InvalidTrialException e) {
                tally.refused(e.getMessage());
                pauseWhileTheRuleIsAway();
            } catch (TrialFailedException e) {
                tally.failed(e.getMessage(), e);
            } catch (Throwable e) {
                problem("short trial " + seed + " threw what is not a TrialFailedException:\n" + trace(e));
                pauseWhileTheRuleIsAway();
            }
        }
    }

    /** Between uninstall and install the rule is absent; trying again at once would only spin. */
    private static void pauseWhileTheRuleIsAway() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A trial that outlives the swaps; records how many swaps it spanned. Counts down {@code started} once it learns. */
    private void longTrial(boolean touch, List<String> log, CountDownLatch started) {
        String name = touch ? "long trial touching its bundle" : "long trial";
        int[] spanned = {-1, -1};
        TrialListener listener = new TrialListener() {
            @Override
            public void epochDone(EpochResult result) {
                if (result.epoch() == 1) {
                    spanned[0] = swapsDone.get();
                    started.countDown();
                }
                spanned[1] = swapsDone.get();
            }
        };
        try {
            TrialResult result = engine.run(trial(name, 7, LONG_EPOCHS, LONG_PAUSE_MILLIS, touch), listener);
            String mix = versionMix(result, touch, name);
            if (mix != null) {
                problem(mix);
            }
            log.add(name + ": finished on version " + marker(result) + ", " + result.epochs().size() + " epochs, spanning "
                    + (spanned[1] - spanned[0]) + " swaps (" + spanned[0] + " to " + spanned[1] + ")");
            problem(name + " finished although its rule was swapped under it; the engine must stop it at the first swap");
        } catch (TrialFailedException | InvalidTrialException e) {
            log.add(name + ": stopped cleanly, its last epoch recorded after swap " + spanned[1] + " (first epoch after "
                    + "swap " + spanned[0] + "): " + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
            if (!e.getMessage().startsWith("trial '" + name + "'")) {
                problem(name + " failed without naming itself: " + e.getMessage());
            }
            if (!e.getMessage().contains(STOPPED)) {
                problem(name + " failed, but not because its rule was swapped: " + e.getMessage());
            }
            // swap 1 is counted once the new version is bound; a descheduled trial thread may record its last
            // epoch, computed before the old version went, only then
            if (spanned[1] > 1) {
                problem(name + " recorded an epoch after swap " + spanned[1] + "; it must stop at the first swap");
            }
        } catch (Throwable e) {
            problem(name + " threw what is not a TrialFailedException:\n" + trace(e));
        } finally {
            if (spanned[0] < 0) {
                started.countDown(); // a trial that failed before its first epoch must not hold the swaps back
            }
        }
    }

    private StudyListener studyListener(Tally tally) {
        return new StudyListener() {
            @Override
            public void trialDone(StudyTrial trial, TrialResult result) {
                tally.ok(result, "touching".equals(trial.variant()), "study trial " + trial.id());
            }

            @Override
            public void trialFailed(StudyTrial trial, String reason) {
                // the study passes on the message of a TrialFailedException or InvalidTrialException, which
                // names the trial; anything else it prefixes with the exception's type
                if (reason.startsWith("trial '" + trial.id() + "' is invalid:")) {
                    tally.refused(reason);
                } else if (reason.startsWith("trial '" + trial.id() + "'")) {
                    tally.failed(reason, null);
                } else {
                    problem("study trial " + trial.id() + " failed uncleanly: " + reason);
                }
            }
        };
    }

    /**
     * @param trials per variant and seed
     * @param pauseMillis per epoch
     */
    private static String studyYaml(int seeds, int epochs, int pauseMillis) {
        StringBuilder seedList = new StringBuilder();
        for (int s = 1; s <= seeds; s++) {
            seedList.append(s == 1 ? "" : ", ").append(s);
        }
        return "study: hotswap-soak\n"
                + "epochs: " + epochs + "\n"
                + "seeds: [" + seedList + "]\n"
                + "trainLimit: 200\n"
                + "testLimit: 100\n"
                + "parallel: 2\n"
                + "defaults:\n"
                + "  dataset: {name: xor}\n"
                + "  network:\n"
                + "    - {size: 8, neuron: relu-layernorm}\n"
                + "    - {size: 2, neuron: linear}\n"
                + "  rule: {name: " + RULE + ", pauseMillis: " + pauseMillis + "}\n"
                + "trials:\n"
                + "  - name: plain\n"
                + "  - name: touching\n"
                + "    rule: {touchBundle: true}\n";
    }

    /**
     * Null when every epoch was produced by one version and the provenance names that version; else what
     * was mixed. Records the provenance digest of the version.
     */
    private String versionMix(TrialResult result, boolean touch, String name) {
        List<EpochResult> epochs = result.epochs();
        double version = marker(result);
        if (version != 1 && version != 2) {
            return name + ": epoch 1 reports marker " + version + ", which is no version (a mean over two versions?): "
                    + epochs.get(1);
        }
        for (EpochResult e : epochs.subList(1, epochs.size())) {
            Double m = e.metrics().get(SwapRule.MARKER_METRIC);
            if (m == null || m != version) {
                return name + ": epoch 1 ran version " + version + " but epoch " + e.epoch() + " reports " + m + ": " + epochs;
            }
            Double r = e.metrics().get(SwapRule.RESOURCE_METRIC);
            if (touch && (r == null || r != version)) {
                return name + ": version " + version + " read marker resource " + r + " at the end of epoch " + e.epoch()
                        + " (another revision's content): " + e;
            }
        }
        int v = (int) version;
        String bundleVersion = v + ".0.0";
        String ruleRecord = result.provenance().get("rule");
        if (ruleRecord == null || !ruleRecord.contains("(" + SYMBOLIC_NAME + " " + bundleVersion + ")")) {
            return name + ": ran version " + bundleVersion + " but provenance 'rule' says " + ruleRecord;
        }
        String bundleRecord = result.provenance().get("bundle." + SYMBOLIC_NAME);
        if (bundleRecord == null || !bundleRecord.startsWith(bundleVersion + " ")) {
            return name + ": ran version " + bundleVersion + " but provenance 'bundle." + SYMBOLIC_NAME + "' says "
                    + bundleRecord;
        }
        digests.computeIfAbsent(v, k -> ConcurrentHashMap.newKeySet()).add(bundleRecord.substring(bundleVersion.length() + 1));
        return null;
    }

    private static double marker(TrialResult result) {
        Double m = result.epochs().get(1).metrics().get(SwapRule.MARKER_METRIC);
        return m == null ? Double.NaN : m;
    }

    /** Counts of trial outcomes, and the distinct messages of the clean failures. */
    private final class Tally {
        final Map<Integer, AtomicInteger> okByVersion = Map.of(1, new AtomicInteger(), 2, new AtomicInteger());
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger okTouching = new AtomicInteger();
        /** Trials whose epochs or provenance mixed versions: [plain, touching their bundle]. */
        final AtomicInteger[] mixed = {new AtomicInteger(), new AtomicInteger()};
        final AtomicInteger refused = new AtomicInteger();
        /** Stopped by the engine because their rule was swapped under them: the clean outcome of a swap. */
        final AtomicInteger stopped = new AtomicInteger();
        /** Failed cleanly, but for another reason: none should. */
        final AtomicInteger otherFailures = new AtomicInteger();
        final Map<String, Integer> messages = Collections.synchronizedMap(new TreeMap<>());

        void ok(TrialResult result, boolean touch, String name) {
            String mix = versionMix(result, touch, name);
            if (mix != null) {
                problem(mix);
                mixed[touch ? 1 : 0].incrementAndGet();
                return;
            }
            ok.incrementAndGet();
            if (touch) {
                okTouching.incrementAndGet();
            }
            okByVersion.get((int) marker(result)).incrementAndGet();
        }

        /** A rule absent for longer than the engine's grace period: none should be, swaps take milliseconds. */
        void refused(String message) {
            refused.incrementAndGet();
            count(message);
            problem("a trial was refused although the engine waits for a rule being swapped in: " + message);
        }

        void failed(String message, Throwable e) {
            if (message == null || message.isBlank()) {
                problem("a trial failed without a message:\n" + (e == null ? "" : trace(e)));
                return;
            }
            if (message.contains(STOPPED)) {
                stopped.incrementAndGet();
            } else {
                otherFailures.incrementAndGet();
                problem("a trial failed, but not because its rule was swapped: " + message
                        + (e == null ? "" : "\n" + trace(e)));
            }
            count(message);
        }

        /** Messages with the trial's name and seed and numbers taken out, so that equal causes count together. */
        private void count(String message) {
            String key = message.replaceAll("\\s*\\R\\s*", " ").replaceAll("trial '[^']*'", "trial '…'")
                    .replaceAll("\\d+", "#");
            messages.merge(key.length() > 300 ? key.substring(0, 300) + "…" : key, 1, Integer::sum);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d ok (version 1: %d, version 2: %d; %d of them touching their bundle), "
                    + "%d stopped cleanly by a swap, %d failed otherwise, %d refused as invalid, %d MIXED VERSIONS "
                    + "(%d plain, %d touching their bundle)",
                    ok.get(), okByVersion.get(1).get(), okByVersion.get(2).get(), okTouching.get(), stopped.get(),
                    otherFailures.get(), refused.get(), mixed[0].get() + mixed[1].get(), mixed[0].get(), mixed[1].get());
        }
    }

    // ---- measuring ---------------------------------------------------------------------------

    /** Live threads, used heap and metaspace after full collections, and the class counts of the JVM. */
    private record Measure(int threads, long heap, long metaspace, int loadedClasses, long unloadedClasses) {

        static Measure take() throws InterruptedException {
            collect();
            long metaspace = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getName().equals("Metaspace")) {
                    metaspace = pool.getUsage().getUsed();
                }
            }
            return new Measure(ManagementFactory.getThreadMXBean().getThreadCount(),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), metaspace,
                    ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(),
                    ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount());
        }
    }

    private static void collect() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
    }

    /** Collects until at most the current revision's loader is left, or a few seconds have passed; returns the live count. */
    private int awaitLoadersCollected() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int alive;
        do {
            collect();
            alive = (int) loaders.stream().filter(r -> r.get() != null).count();
        } while (alive > 1 && System.nanoTime() < deadline);
        return alive;
    }

    private String report(Measure before, Measure after, int alive, long swapNanos, List<Long> swapMillis,
            Tally shortTrials, Tally studyTrials, Tally resumedTrials, List<String> longTrials, long totalNanos) {
        List<Long> sorted = new ArrayList<>(swapMillis);
        Collections.sort(sorted);
        StringBuilder alivePositions = new StringBuilder();
        for (int i = 0; i < loaders.size(); i++) {
            if (loaders.get(i).get() != null) {
                alivePositions.append(alivePositions.length() == 0 ? "" : ", ").append(i == 0 ? "initial" : "after swap " + i);
            }
        }
        StringBuilder sb = new StringBuilder("HotSwapSoakIT\n");
        sb.append(String.format(Locale.ROOT, "swaps: %d of %d in %.1f s (update and reinstall alternating in pairs, each "
                + "with a refresh; spaced at least %d ms); one swap took %d ms median, %d ms max%n", swapsDone.get(), SWAPS,
                swapNanos / 1e9, SWAP_PERIOD_MILLIS, sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)));
        sb.append("short trials: ").append(shortTrials).append('\n');
        sb.append("study trials: ").append(studyTrials).append('\n');
        sb.append("study trials rerun by resume after the swaps (version ").append(FINAL_VERSION).append(" installed): ")
                .append(resumedTrials).append('\n');
        longTrials.forEach(l -> sb.append(l).append('\n'));
        for (Tally t : List.of(shortTrials, studyTrials)) {
            sb.append(t == shortTrials ? "short" : "study").append(" trials, stops, failures and refusals (count: message):\n");
            synchronized (t.messages) {
                t.messages.forEach((m, n) -> sb.append("  ").append(n).append(": ").append(m).append('\n'));
            }
        }
        sb.append("provenance digests of the rule bundle per version: ").append(new TreeMap<>(digests)).append('\n');
        sb.append(String.format(Locale.ROOT, "threads: %d before, %d after (bound +%d)%n", before.threads, after.threads,
                MAX_EXTRA_THREADS));
        sb.append(String.format(Locale.ROOT, "used heap after GC: %.1f MB before, %.1f MB after (bound +%d MB)%n",
                mb(before.heap), mb(after.heap), MAX_EXTRA_HEAP_BYTES >> 20));
        sb.append(String.format(Locale.ROOT, "metaspace: %.1f MB before, %.1f MB after; classes loaded %d before, %d after; "
                + "unloaded so far %d before, %d after%n", mb(before.metaspace), mb(after.metaspace), before.loadedClasses,
                after.loadedClasses, before.unloadedClasses, after.unloadedClasses));
        sb.append(String.format(Locale.ROOT, "class loaders of the rule bundle still reachable: %d of %d (bound %d): %s%n",
                alive, loaders.size(), MAX_LIVE_LOADERS, alivePositions));
        sb.append(String.format(Locale.ROOT, "problems: %d%n", problems.size() + moreProblems.get()));
        synchronized (problems) {
            problems.forEach(p -> sb.append("  ").append(p.replace("\n", "\n    ")).append('\n'));
        }
        sb.append(String.format(Locale.ROOT, "test time: %.1f s (without the framework's start)%n", totalNanos / 1e9));
        return sb.toString();
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    // ---- plumbing ----------------------------------------------------------------------------

    /** The module's target folder: failsafe sets basedir to the module. */
    private static Path targetDir() throws IOException {
        Path target = Path.of(System.getProperty("basedir", "."), "target").toAbsolutePath();
        Files.createDirectories(target);
        return target;
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Waits for a task of the soak; a task that does not end is a hang, reported with the soak threads' stacks. */
    private <T> T awaitDone(String what, Future<T> task) throws InterruptedException {
        try {
            return task.get(RUN_DONE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            problem(what + " did not end within " + RUN_DONE_MILLIS + " ms of the last swap (a hang?):\n"
                    + threadDump("soak-"));
        } catch (ExecutionException e) {
            problem(what + " threw:\n" + trace(e.getCause()));
        }
        return null;
    }

    private static String threadDump(String prefix) {
        StringBuilder sb = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith(prefix)) {
                sb.append(t.getName()).append(" ").append(t.getState()).append('\n');
                for (StackTraceElement e : stack) {
                    sb.append("    at ").append(e).append('\n');
                }
            }
        });
        return sb.toString();
    }

    private static String trace(Throwable e) {
        StringWriter s = new StringWriter();
        e.printStackTrace(new PrintWriter(s));
        return s.toString();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + WAIT_MILLIS + " ms for " + what);
            }
            Thread.sleep(5);
        }
    }
}

package org.engram.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.data.DataSplits;
import org.engram.api.param.Parameters;
import org.engram.bench.jmh.ResidentGemvBenchmark;
import org.engram.compute.java.JavaComputeBackend;
import org.engram.dataset.idx.MnistDataset;
import org.engram.memory.lstm.LstmMemory;
import org.osgi.framework.BundleContext;

/**
 * Whole-epoch figures on real MNIST, written to {@code docs/performance.md}: IB-Hebbian (N = 8, RECOMPUTE and
 * STORED) and backprop (batch 6) per seed, seeds in parallel on a pool of two threads, the scaling in N,
 * width and seeds, and the PyTorch reference measured in the same run. {@code bench/run.sh} is the one
 * command that regenerates the page.
 *
 * <pre>
 * EpochBench [--smoke] [--full-epochs] [--out FILE] [--data DIR] [--python EXE] [--jmh CSV] [--no-peer]
 *            [--no-scaling] [--peer-windows K] [--origin TEXT (how and where the run was made, printed under the title)]
 * EpochBench --checksum SETUP --steps K [--accuracy]   SHA-256 of the weights of seed 1 after K steps
 * EpochBench --time SETUP --steps K [--from-start] [--series]
 *            one steady-state measurement (after K/4 untimed steps; --from-start: none, the JIT's warm-up and the
 *            compute team's first probes included), in chunks of 250 steps; --series also prints every chunk in order
 * --threads T1[,T2..] with --checksum or --time: the Java backend's trial view on T threads (default 1); with
 *            several, --time measures them in the same run, chunk after chunk in turn, so load hits each alike
 * SETUP: ib:N:RECOMPUTE|STORED[:w1,w2..], bp:B[:w1,w2..] or phsic[:w1,w2..]
 * </pre>
 */
public final class EpochBench {
    /** The network of the paper's MNIST runs (spec §1.2). */
    static final int[] PAPER_HIDDEN = {128, 64};

    private final Options options;
    private final DataSplits data;
    private final ComputeBackend backend = new JavaComputeBackend();
    private final List<String> log = new ArrayList<>();
    /** W_rec r products in one window of the default reservoir memory: 20 Euler steps for each of 2 hidden layers. */
    private static final int RESERVOIR_PRODUCTS_PER_WINDOW = 2 * 20;
    /** The Java backend's GEMM rate measured by {@link #scaling}, GFLOP/s; NaN when it did not run. */
    private double gemmGflops = Double.NaN;

    private EpochBench(Options options) throws Exception {
        this.options = options;
        MnistDataset mnist = new MnistDataset((BundleContext) null);
        this.data = mnist.load(Parameters.resolve("dataset 'mnist'", mnist.parameters(), Map.of("folder",
                options.data)), 1);
    }

    /** The Java backend as a trial offered {@code threads} threads sees it (its {@code threads} parameter 0: take the offer); closed by the caller. */
    private ComputeBackend trialBackend(int threads) {
        return backend.forTrial(Parameters.resolve("backend 'java'", backend.parameters(), Map.of("threads", 0)), threads);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        EpochBench bench = new EpochBench(options);
        if (options.checksumSetup != null) {
            for (int threads : options.threads) {
                ComputeBackend view = bench.trialBackend(threads);
                try {
                    BenchTrial trial = new BenchTrial(parseSetup(options.checksumSetup), bench.data, 1, view);
                    trial.learn(options.steps);
                    System.out.println(options.checksumSetup + " steps=" + options.steps + " threads=" + view.threads()
                            + " sha256=" + trial.checksum() + (options.accuracy
                            ? String.format(" test accuracy %.4f", trial.accuracy(bench.data.test())) : ""));
                } finally {
                    view.close();
                }
            }
        } else if (options.timeSetup != null) {
            // chunks of 250 steps; the fastest chunk is the figure least disturbed by other work on the machine
            TrialSetup setup = parseSetup(options.timeSetup);
            int counts = options.threads.length;
            ComputeBackend[] views = new ComputeBackend[counts];
            BenchTrial[] trials = new BenchTrial[counts];
            int chunks = (int) Math.max(1, options.steps / 250);
            double[][] micros = new double[counts][chunks];
            try {
                for (int t = 0; t < counts; t++) {
                    views[t] = bench.trialBackend(options.threads[t]);
                    trials[t] = new BenchTrial(setup, bench.data, 1, views[t]);
                    trials[t].learn(options.fromStart ? 0 : options.steps / 4);
                }
                for (int c = 0; c < chunks; c++) {
                    for (int t = 0; t < counts; t++) {
                        long t0 = System.nanoTime();
                        trials[t].learn(250);
                        micros[t][c] = (System.nanoTime() - t0) / 1e3 / 250;
                        if (options.series) {
                            System.out.printf("%s threads %d chunk %d: %.1f us/step%n", options.timeSetup,
                                    views[t].threads(), c, micros[t][c]);
                        }
                    }
                }
            } finally {
                for (ComputeBackend view : views) {
                    if (view != null) {
                        view.close();
                    }
                }
            }
            for (int t = 0; t < counts; t++) {
                double mean = java.util.Arrays.stream(micros[t]).average().orElse(Double.NaN);
                java.util.Arrays.sort(micros[t]);
                System.out.printf("%s threads %d: min %.1f us/step, median %.1f us/step, mean %.1f us/step, slowest"
                        + " %.1f us/step (%d chunks of 250)%n", options.timeSetup, views[t].threads(), micros[t][0],
                        micros[t][chunks / 2], mean, micros[t][chunks - 1], chunks);
            }
        } else if (options.rowSetup != null) {
            bench.childRow();
        } else {
            bench.report();
        }
    }

    /** Prefix of the line a child JVM ({@code --row}) prints its measurement on. */
    private static final String ROW_LINE = "ROW ";

    /**
     * {@code --row KIND:SETUP}: one measurement (KIND {@code steady} or {@code epoch}) on the trial's view with
     * {@code --threads}' first count, printed on one line for {@link #forked}.
     */
    private void childRow() {
        String[] kindAndSetup = options.rowSetup.split(":", 2);
        TrialSetup setup = parseSetup(kindAndSetup[1]);
        ComputeBackend view = trialBackend(options.threads[0]);
        try {
            Measurements.Rate r = kindAndSetup[0].equals("epoch")
                    ? Measurements.wholeEpoch(setup, data, view)
                    : Measurements.steady(setup, data, view, options.warm, options.steps);
            System.out.println(ROW_LINE + r.steps() + " " + r.seconds() + " " + r.stepsPerEpoch() + " " + r.bytesPerStep()
                    + " " + r.testAccuracy() + " " + r.cpuSeconds());
        } finally {
            view.close();
        }
    }

    /**
     * The same measurement in a JVM of its own, as {@code engram trial} runs a trial: kernels compiled for one thread
     * count's calls are not reused by another's (measured: backprop's steps on two threads took 225 µs after
     * one-thread steps in the same JVM, 119 µs alone), and a whole epoch includes the JIT's warm-up as a user's does.
     */
    private Measurements.Rate forked(String kind, TrialSetup setup, int threads, long warm, long steps)
            throws IOException, InterruptedException {
        String setupText = setup.spec();
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx300m", "-cp",
                System.getProperty("java.class.path"), EpochBench.class.getName(), "--data", options.data, "--row",
                kind + ":" + setupText, "--threads", Integer.toString(threads), "--warm", Long.toString(warm),
                "--steps", Long.toString(steps));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String row = null;
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null;) {
                if (line.startsWith(ROW_LINE)) {
                    row = line.substring(ROW_LINE.length());
                }
            }
        }
        int exit = child.waitFor();
        if (exit != 0 || row == null) {
            throw new IOException("the child JVM measuring " + kind + " " + setupText + " on " + threads
                    + " threads ended with exit code " + exit + (row == null ? " and printed no ROW line" : ""));
        }
        String[] f = row.split(" ");
        return new Measurements.Rate(setup, Long.parseLong(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
    }

    /** {@code ib:8:STORED}, {@code ib:8:RECOMPUTE:256,128}, {@code bp:6} or {@code phsic}. */
    static TrialSetup parseSetup(String text) {
        String[] p = text.split(":");
        int fixed = switch (p[0]) {
            case "ib" -> 3;
            case "phsic" -> 1;
            default -> 2;
        };
        int[] hidden = p.length > fixed
                ? java.util.Arrays.stream(p[p.length - 1].split(",")).mapToInt(Integer::parseInt).toArray()
                : PAPER_HIDDEN;
        return switch (p[0]) {
            case "ib" -> TrialSetup.ib(Integer.parseInt(p[1]), p[2], hidden);
            case "phsic" -> TrialSetup.phsic(hidden);
            default -> TrialSetup.backprop(Integer.parseInt(p[1]), hidden);
        };
    }

    // ------------------------------------------------------------------------------------------ report

    private void report() throws Exception {
        Instant start = Instant.now();
        String loadBefore = Machine.loadAverage();
        Markdown md = new Markdown();
        boolean smoke = options.smoke;
        // untimed steps: in a fresh JVM the JIT's compilations take the other core for a while, and a team on two threads
        // times its first regions shared and alone then
        long warm = smoke ? 100 : 10_000;
        long steps = smoke ? 300 : 20_000;
        int inputSize = data.train().inputSize();
        int classes = data.classes();
        int samples = data.train().size();

        md.line("# Performance");
        md.line();
        md.line("Generated by `bench/run.sh" + (smoke ? " --smoke" : "") + "` (`org.engram.bench.EpochBench`); do not edit by hand."
                + (smoke ? " **Smoke mode: a few hundred windows per row, figures are indicative only.**" : ""));
        md.line();
        if (options.origin != null) {
            md.line("Run: " + options.origin);
            md.line();
        }

        // headline: per seed, one core
        List<TrialSetup> headline = List.of(TrialSetup.ib(8, "RECOMPUTE", PAPER_HIDDEN), TrialSetup.ib(8, "STORED",
                PAPER_HIDDEN), TrialSetup.backprop(6, PAPER_HIDDEN), TrialSetup.phsic(PAPER_HIDDEN));
        md.line("## One seed, one thread (MNIST, " + samples + " training samples)");
        md.line();
        md.line("Steady state: " + warm + " untimed steps, then " + steps + " timed ones, extrapolated to the epoch"
                + " (an IB step is one window: " + TrialSetup.ib(8, "RECOMPUTE").stepsPerEpoch(samples)
                + " per epoch at N = 8; a backprop step is one minibatch of 6: " + samples / 6 + " per epoch; a two-sample"
                + " pHSIC step is one sample paired with its predecessor: " + TrialSetup.phsic().stepsPerEpoch(samples)
                + " per epoch). Each row runs in a JVM of its own, as `engram trial` runs a trial: kernels compiled"
                + " for one row's calls do not slow the next row's.");
        md.line();
        md.row("configuration", "µs/step", "steps/s", "s/epoch", "allocated B/step", "allocation MB/s");
        md.rule(6);
        List<Measurements.Rate> rates = new ArrayList<>();
        for (TrialSetup setup : headline) {
            Measurements.Rate r = forked("steady", setup, 1, warm, steps);
            rates.add(r);
            progress(setup.label(inputSize, classes) + String.format(": %.1f us/step, %.2f s/epoch", r.microsPerStep(),
                    r.secondsPerEpoch()));
            md.row(setup.label(inputSize, classes), f1(r.microsPerStep()), f0(r.stepsPerSecond()), f2(r.secondsPerEpoch()),
                    f0(r.bytesPerStep()), f2(r.allocationRate()));
        }
        md.line();

        // the same, the trial's view of the backend on every core (engram trial, or a study of fewer trials than cores)
        int cores = Machine.cores();
        List<Measurements.Rate> allCores = new ArrayList<>();
        if (cores > 1) {
            md.line("## One seed, " + cores + " threads (the trial's view of the Java backend on every core)");
            md.line();
            md.line("What a trial computes with by default when it runs alone (the `java` backend's `threads: 0` takes"
                    + " the threads it is offered: `engram trial` offers every core, a study with fewer trials running"
                    + " than cores its share): the window forward and the other large products split over blocks of"
                    + " output units, AdamW over rows of weights, one part per thread (the results are the same bits as"
                    + " on one thread). The team times its regions shared and alone now and then (every 512 regions"
                    + " at first, then less often, up to every 8192, while its choice holds) and keeps the faster way,"
                    + " so these figures are never far above one thread's; whether they are below depends on the"
                    + " machine: the 2-core development machine's two virtual cores sometimes run as one for"
                    + " minutes. Same steps as above, each row in a JVM of its own.");
            md.line();
            md.row("configuration", "µs/step", "s/epoch", "× one thread's speed");
            md.rule(4);
            for (int i = 0; i < headline.size(); i++) {
                TrialSetup setup = headline.get(i);
                Measurements.Rate r = forked("steady", setup, cores, warm, steps);
                allCores.add(r);
                progress(setup.label(inputSize, classes) + String.format(" on %d threads: %.1f us/step, %.2f s/epoch", cores,
                        r.microsPerStep(), r.secondsPerEpoch()));
                md.row(setup.label(inputSize, classes), f1(r.microsPerStep()), f2(r.secondsPerEpoch()),
                        String.format("%.2f", rates.get(i).microsPerStep() / r.microsPerStep()));
            }
            md.line();
        }

        List<Measurements.Rate> wholeOne = new ArrayList<>();
        List<Measurements.Rate> wholeAll = new ArrayList<>();
        if (options.fullEpochs && !smoke) {
            md.line("### Whole epochs (timed like the engine: from the first window, in a fresh JVM, JIT warm-up included)");
            md.line();
            md.row("configuration", "threads", "steps", "s/epoch", "test accuracy after 1 epoch", "allocated B/step");
            md.rule(6);
            int[] threadCounts = cores > 1 ? new int[] {1, cores} : new int[] {1};
            for (TrialSetup setup : headline) {
                for (int threads : threadCounts) {
                    Measurements.Rate r = forked("epoch", setup, threads, 0, 0);
                    (threads == 1 ? wholeOne : wholeAll).add(r);
                    progress(setup.label(inputSize, classes) + String.format(" on %d threads: whole epoch %.2f s, test %.4f",
                            threads, r.seconds(), r.testAccuracy()));
                    md.row(setup.label(inputSize, classes), Integer.toString(threads), Long.toString(r.steps()),
                            f2(r.seconds()), String.format("%.2f %%", 100 * r.testAccuracy()), f0(r.bytesPerStep()));
                }
            }
            md.line();
        }

        // the PyTorch reference
        List<Peer.Result> peers = new ArrayList<>();
        if (!options.noPeer) {
            long peerWindows = smoke ? 200 : options.peerWindows;
            Peer peer = new Peer(options.python, Path.of("bench/peers/pytorch_ib.py"), Path.of(options.data));
            String[][] runs = smoke
                    ? new String[][] {{"ib", "8", "RECOMPUTE", "float32", "1"}, {"bp", "6", "-", "float32", "1"}}
                    : new String[][] {{"ib", "8", "RECOMPUTE", "float32", "1"}, {"ib", "8", "RECOMPUTE", "float32", "2"},
                        {"ib", "8", "RECOMPUTE", "float64", "1"}, {"ib", "8", "STORED", "float32", "1"},
                        {"ib", "8", "STORED", "float64", "1"}, {"bp", "6", "-", "float32", "1"},
                        {"bp", "6", "-", "float32", "2"}, {"bp", "6", "-", "float64", "1"}};
            for (String[] run : runs) {
                Peer.Result p = peer.run(run[0], Integer.parseInt(run[1]), run[2], run[3], Integer.parseInt(run[4]),
                        run[0].equals("bp") ? peerWindows / 2 : peerWindows);
                peers.add(p);
                progress("pytorch " + String.join(" ", run) + ": " + p.summary());
            }
            md.line("## PyTorch reference, same machine, same run");
            md.line();
            md.line("`bench/peers/pytorch_ib.py`: a straightforward PyTorch implementation of the same rule (FRONTIERS_RELEASED ξ,"
                    + " exact window, 784-128-64-10 ReLU+LayerNorm, AdamW b2 = 0.99, one step per window, window"
                    + " cross-entropy at the output; autograd for the per-layer VJPs) and of backprop (batch 6, AdamW)."
                    + " It times " + peerWindows + " windows (half as many batches) after a warm-up and extrapolates."
                    + " PyTorch " + peers.get(0).torch() + ", `" + options.python + "`.");
            md.line();
            md.line("Java: one thread, and the trial's view on " + cores + " threads (the tables above).");
            md.line();
            md.row("configuration", "dtype", "threads", "µs/step", "s/epoch", "Java s/epoch", "Java speed-up",
                    "Java s/epoch, " + cores + " threads", "Java speed-up, " + cores + " threads");
            md.rule(9);
            for (Peer.Result p : peers) {
                Measurements.Rate java = matching(rates, p);
                Measurements.Rate javaAll = matching(allCores, p);
                if (!p.ok()) {
                    md.row(p.label(), p.dtype(), Integer.toString(p.threads()), "—", p.error(), "", "", "", "");
                    continue;
                }
                md.row(p.label(), p.dtype(), Integer.toString(p.threads()), f1(p.microsPerStep()), f2(p.secondsPerEpoch()),
                        java == null ? "" : f2(java.secondsPerEpoch()),
                        java == null ? "" : String.format("%.1f×", p.secondsPerEpoch() / java.secondsPerEpoch()),
                        javaAll == null ? "" : f2(javaAll.secondsPerEpoch()),
                        javaAll == null ? "" : String.format("%.1f×", p.secondsPerEpoch() / javaAll.secondsPerEpoch()));
            }
            md.line();
        }

        spikingForward(md, smoke);

        // seeds in parallel
        md.line("## Seeds in parallel (pool of 2 threads, IB-Hebbian N=8, 784-128-64-10)");
        md.line();
        long perSeed = smoke ? 100 : 1_000;
        md.line("Each seed is its own trial (own network, learner and window; the same data order, as the paper's 30 models)."
                + " Every seed takes " + perSeed + " timed steps after " + (perSeed / 4) + " untimed ones; the epoch"
                + " time of all K seeds is extrapolated from the wall time.");
        md.line();
        md.row("past activity", "seeds K", "wall s", "windows/s (all seeds)", "s/epoch for all K", "× one seed's epoch");
        md.rule(6);
        for (String past : new String[] {"RECOMPUTE", "STORED"}) {
            TrialSetup setup = TrialSetup.ib(8, past, PAPER_HIDDEN);
            long perEpoch = setup.stepsPerEpoch(samples);
            double one = 0;
            for (int k : new int[] {1, 2, 30}) {
                double wall = Measurements.parallelSeeds(setup, data, backend, k, 2, perSeed / 4, perSeed);
                double epoch = wall * perEpoch / perSeed;
                if (k == 1) {
                    one = epoch;
                }
                progress("seeds " + past + " K=" + k + String.format(": %.2f s wall, %.1f s/epoch all seeds", wall, epoch));
                md.row(past, Integer.toString(k), f2(wall), f0(k * perSeed / wall), f1(epoch), String.format("%.1f", epoch / one));
            }
        }
        md.line();

        if (!options.noScaling) {
            scaling(md, smoke, samples, inputSize, classes);
        }

        if (options.jmh != null && Files.exists(Path.of(options.jmh))) {
            md.line("## Kernels (JMH, `bench/run.sh` runs `org.openjdk.jmh.Main` first)");
            md.line();
            JmhTable.append(md, Path.of(options.jmh));
            md.line();
            memoriesInTheLoop(md, Path.of(options.jmh));
            reservoirStep(md, Path.of(options.jmh));
            convolution(md, Path.of(options.jmh));
        }

        readingNotes(md, rates);
        targets(md, new Figures(rates, allCores, wholeOne, wholeAll), peers, samples, inputSize, classes);

        md.line("## Heap");
        md.line();
        double dataMb = liveHeapMb();
        List<BenchTrial> kept = new ArrayList<>();
        for (String past : new String[] {"RECOMPUTE", "STORED"}) {
            BenchTrial one = new BenchTrial(TrialSetup.ib(8, past, PAPER_HIDDEN), data, 1, backend);
            one.learn(20);
            kept.add(one);
        }
        double twoTrialsMb = liveHeapMb();
        for (int s = 1; s <= 30; s++) {
            BenchTrial seed = new BenchTrial(TrialSetup.ib(8, "RECOMPUTE", PAPER_HIDDEN), data, s, backend);
            seed.learn(20);
            kept.add(seed);
        }
        double manyMb = liveHeapMb();
        md.line(String.format("Live heap after a full GC (the JVM runs with `-Xmx300m`, %d MB usable): MNIST loaded"
                + " (bytes, both splits) %.0f MB; one IB-Hebbian N=8 trial (network, AdamW state, learner, window,"
                + " working memory) %.1f MB on top; 30 such trials at once %.0f MB on top. One MNIST trial needs about"
                + " %.0f MB, well under the 300 MB limit; the 30-seed rows above ran inside the same 300 MB heap.",
                Runtime.getRuntime().maxMemory() / (1 << 20), dataMb, (twoTrialsMb - dataMb) / 2,
                manyMb - twoTrialsMb, dataMb + (twoTrialsMb - dataMb) / 2));
        kept.clear();
        md.line();

        md.line("## Machine");
        md.line();
        md.line("- CPU: " + Machine.cpuModel() + ", " + Machine.cores() + " cores available to the JVM");
        md.line("- JVM: " + Machine.jvm());
        md.line("- OS: " + Machine.os());
        md.line("- load average (1/5/15 min) before: " + loadBefore + ", after: " + Machine.loadAverage()
                + " (above " + Machine.cores() + " means other work shared the cores)");
        md.line("- backend: " + backend.implementation() + "; run " + start.truncatedTo(ChronoUnit.SECONDS) + ", "
                + String.format("%.0f s", (Instant.now().toEpochMilli() - start.toEpochMilli()) / 1e3));
        md.line();
        md.line("Targets of the performance issue (16), for comparison: IB-Hebbian N=8 RECOMPUTE ≤ 5 s/epoch, STORED ≤ 2.5,"
                + " backprop B=6 ≤ 1.5, two-sample pHSIC ≤ 4; IB-Hebbian with the reservoir memory ≤ 150 s/epoch, with the"
                + " LSTM memory ≤ 20; the PyTorch peer's RECOMPUTE epoch ≥ 15× Engram's.");

        Path out = Path.of(options.out);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, md.text());
        progress("wrote " + out);
    }

    /** Issue 15: the spiking network's forward simulation, Engram and Brian2 in the same run. */
    private void spikingForward(Markdown md, boolean smoke) {
        int samples = smoke ? 100 : 2_000;
        SpikingForward.Engram engram = SpikingForward.engram(data.test(), backend, samples);
        progress(String.format("spiking forward: %.3f ms/sample one at a time, %.3f batched", engram.msSequential(),
                engram.msBatched()));
        md.line("## Spiking forward simulation, Brian2 beside it (same run)");
        md.line();
        md.line("The 784-128-64 network of `lif` units with its defaults (τm 5 ms, τs 10 ms, R 5, threshold 1, refractory"
                + " 1 ms, 20 steps of 1 ms per sample, every sample from rest, LeCun-normal weights), forward only, over "
                + samples + " MNIST test images after a warm-up. Engram: one sample at a time (as Brian2 does it) and as"
                + " batches of 100 rows (as the engine's evaluation does), FP64, one thread. Brian2:"
                + " `bench/peers/brian2_lif.py`, the same model written from its equations (Euler steps, a summed"
                + " synaptic variable for layer 1's current, all samples in one `run`, the currents from a"
                + " `TimedArray`), FP64.");
        md.line();
        md.row("simulator", "ms/sample", "samples/s", "spikes/unit/sample (layer 0, 1)", "Engram speed-up");
        md.rule(5);
        md.row("Engram, one sample at a time", f3(engram.msSequential()), f0(1e3 / engram.msSequential()),
                f2(engram.spikes0()) + ", " + f2(engram.spikes1()), "");
        md.row("Engram, batches of 100", f3(engram.msBatched()), f0(1e3 / engram.msBatched()), "", "");
        if (options.brianPython == null) {
            md.row("Brian2", "—", "not measured: no python3 with brian2 (Debian: apt-get install python3-brian)", "", "");
        } else {
            SpikingForward.Brian brian = SpikingForward.brian(options.brianPython, Path.of("bench/peers/brian2_lif.py"),
                    Path.of(options.data), samples);
            progress("brian2: " + (brian.ok() ? String.format("%.3f ms/sample", brian.msPerSample()) : brian.error()));
            if (brian.ok()) {
                md.row("Brian2 " + brian.version() + " (" + brian.target() + ")", f3(brian.msPerSample()),
                        f0(1e3 / brian.msPerSample()), f2(brian.spikes0()) + ", " + f2(brian.spikes1()),
                        String.format("%.1f× (one at a time), %.1f× (batched)", brian.msPerSample() / engram.msSequential(),
                                brian.msPerSample() / engram.msBatched()));
            } else {
                md.row("Brian2", "—", brian.error(), "", "");
            }
        }
        md.line();
        md.line("The spike counts differ a little between the two: other random weights, and Brian's Euler step of the trace"
                + " (Engram decays it exactly) and one step's delay of layer 1's summed current.");
        md.line();
    }

    /**
     * A learned memory's cost per MNIST epoch of IB-Hebbian (N = 8), from {@code MemoryWindowBenchmark}'s windows, and
     * what bounds the reservoir's: its W_rec r alone ({@code ResidentGemvBenchmark}), 40 products a window.
     */
    private static void memoriesInTheLoop(Markdown md, Path jmh) throws IOException {
        String window = "MemoryWindowBenchmark.window";
        if (Double.isNaN(JmhTable.score(jmh, window, "memory=reservoir, threads=1"))) {
            return;
        }
        long windows = TrialSetup.ib(8, "RECOMPUTE", PAPER_HIDDEN).stepsPerEpoch(60_000);
        md.line("## Working memories in the loop (JMH `MemoryWindowBenchmark`, IB-Hebbian N=8 on MNIST 784-128-64-10)");
        md.line();
        md.line("One window's signal requests, one for each hidden layer (d = 128 and 64), with the memory's defaults and"
                + " learning on (the reservoir: 2000 units, connectivity 0.1, 20 Euler steps with an LMS update each; the"
                + " LSTM: one step, truncated BPTT through 8 steps and an AdamW step), extrapolated to the " + windows
                + " windows of an epoch. The memory's cost comes on top of the rule's step (the tables above). Threads:"
                + " the trial's view of the Java backend (results are the same bits on either).");
        md.line();
        md.row("memory", "threads", "ms/window", "s/epoch (memory alone)", "target (s/epoch)");
        md.rule(5);
        String[][] memories = {{"reservoir", "150"}, {"lstm", "20"}};
        for (String[] memory : memories) {
            for (int threads : new int[] {1, 2}) {
                double ms = JmhTable.score(jmh, window, "memory=" + memory[0] + ", threads=" + threads);
                if (!Double.isNaN(ms)) {
                    md.row(memory[0], Integer.toString(threads), f3(ms), f0(ms * windows / 1e3), "≤ " + memory[1]);
                }
            }
        }
        md.line();
        double gemv1 = JmhTable.score(jmh, "ResidentGemvBenchmark.recurrentDrive", "threads=1");
        double gemv2 = JmhTable.score(jmh, "ResidentGemvBenchmark.recurrentDrive", "threads=2");
        if (!Double.isNaN(gemv1)) {
            long nonzeros = ResidentGemvBenchmark.draw(null);
            int products = RESERVOIR_PRODUCTS_PER_WINDOW;
            md.line(String.format("**What bounds the reservoir.** Its largest product, W_rec r over %d nonzeros (JMH"
                    + " `ResidentGemvBenchmark`, compressed sparse rows, each row summed in order), takes %.0f µs on one"
                    + " thread: %.2f ns per nonzero, for three loads a term (the weight, its column, the rate at that"
                    + " column; C2 does not vectorise the gather). A window needs %d such products (20 Euler steps for"
                    + " each of 2 layers): %.1f ms, %.0f s an epoch on one thread from this product alone", nonzeros,
                    gemv1, 1e3 * gemv1 / nonzeros, products, products * gemv1 / 1e3, products * gemv1 * windows / 1e6)
                    + (Double.isNaN(gemv2) ? "" : String.format(", %.0f s on two (%.0f µs a product)",
                            products * gemv2 * windows / 1e6, gemv2))
                    + ". The 150 s target would need W_rec r at under "
                    + String.format("%.2f ns per nonzero on one thread", 150e9 / windows / products / nonzeros)
                    + " with nothing else in the window.");
            md.line();
        }
    }

    /**
     * The reservoir memory's Euler step against N_h, from {@code ReservoirStepBenchmark}'s JMH rows: each backend
     * through its array operations (every gemv passes the whole matrix, as before API 1.1) and with resident matrices.
     */
    private static void reservoirStep(Markdown md, Path jmh) throws IOException {
        String benchmark = "ReservoirStepBenchmark.eulerStep";
        String[] paths = {"java-array", "java", "nd4j-array", "nd4j"};
        int[] sizes = {500, 1000, 2000};
        if (Double.isNaN(JmhTable.score(jmh, benchmark, "path=java, units=2000"))) {
            return;
        }
        md.line("## Reservoir step (JMH `ReservoirStepBenchmark`, ms per Euler step)");
        md.line();
        md.line("One signal request of the reservoir memory (defaults: 20 Euler steps, connectivity 0.1, LMS readout"
                + " learning every step) on an MNIST-sized sample (784 inputs, 10 classes, a 64-unit layer), divided by"
                + " 20: W_rec r, W_fb o, W_out r and the LMS update per step, W_in s once per request. W_rec r goes"
                + " to the backend, the rest are the reservoir's own fused Java loops on every path. *arrays*: the"
                + " backend through its array operations, W_rec r passing the whole dense matrix each step (the"
                + " reservoir before API 1.1); *resident*: W_rec uploaded once (`ComputeBackend.upload`), the Java"
                + " backend holding it as sparse rows, ND4J off-heap with `cblas_dgemv`. ND4J's BLAS threads:"
                + " `OMP_NUM_THREADS` of the run.");
        md.line();
        md.row("N_h", "java, arrays", "java, resident", "speed-up", "nd4j, arrays", "nd4j, resident", "speed-up");
        md.rule(7);
        for (int units : sizes) {
            double[] ms = new double[paths.length];
            for (int p = 0; p < paths.length; p++) {
                ms[p] = JmhTable.score(jmh, benchmark, "path=" + paths[p] + ", units=" + units);
            }
            md.row(Integer.toString(units), f3(ms[0]), f3(ms[1]), String.format("%.1f×", ms[0] / ms[1]), f3(ms[2]),
                    f3(ms[3]), String.format("%.1f×", ms[2] / ms[3]));
        }
        md.line();
    }

    /**
     * The conv2d connectivity per sample from {@code ConvBenchmark}'s JMH rows, in GFLOP/s (2·C_out·9·C_in·H·W per
     * product) and as a share of the same backend's GEMM on the forward's shape, measured in the same run.
     */
    private static void convolution(Markdown md, Path jmh) throws IOException {
        String[][] layers = {{"fashion", "16→32 channels on 14×14 (fashion-cnn, layer 2)", "32", "144", "196"},
            {"cifar", "128→256 channels on 16×16 (the paper's CIFAR CNN, layer 2)", "256", "1152", "256"}};
        if (Double.isNaN(JmhTable.score(jmh, "ConvBenchmark.forward", "backend=java, layer=fashion"))) {
            return;
        }
        md.line("## Convolution (JMH `ConvBenchmark`, one sample, 3×3 kernels, padding 1)");
        md.line();
        md.line("conv2d runs as im2col and one GEMM of the backend per sample; *GEMM* is that product alone, without"
                + " im2col, on the same backend in the same run: the share is what the convolution keeps of it. FP64.");
        md.line();
        md.row("layer", "backend", "forward µs", "forward GFLOP/s", "weight gradient µs", "weight gradient GFLOP/s",
                "GEMM GFLOP/s", "forward / GEMM", "weight gradient / GEMM");
        md.rule(9);
        for (String[] l : layers) {
            double flops = 2.0 * Double.parseDouble(l[2]) * Double.parseDouble(l[3]) * Double.parseDouble(l[4]);
            for (String backend : new String[] {"java", "nd4j"}) {
                String params = "backend=" + backend + ", layer=" + l[0];
                double forward = JmhTable.score(jmh, "ConvBenchmark.forward", params);
                double gradient = JmhTable.score(jmh, "ConvBenchmark.weightGradient", params);
                double gemm = JmhTable.score(jmh, "ConvBenchmark.gemm", params);
                double gemmRate = flops / gemm / 1e3;
                md.row(l[1], backend, f1(forward), f2(flops / forward / 1e3), f1(gradient), f2(flops / gradient / 1e3),
                        f2(gemmRate), String.format("%.0f %%", 100 * gemm / forward), String.format("%.0f %%", 100 * gemm / gradient));
            }
        }
        md.line();
    }

    private static String f3(double v) {
        return String.format("%.3f", v);
    }

    /**
     * Where the time of a step goes and what bounds it, from the JMH kernels of this run when they exist: the
     * page's conclusions, recomputed with the figures rather than written by hand.
     */
    private void readingNotes(Markdown md, List<Measurements.Rate> rates) throws IOException {
        Path jmh = options.jmh == null ? null : Path.of(options.jmh);
        boolean haveJmh = jmh != null && Files.exists(jmh);
        double adam = haveJmh ? JmhTable.score(jmh, "OptimizerBenchmark.adamwStepOuter", "cols=784, rows=128, threads=1") : Double.NaN;
        double forward1 = haveJmh ? JmhTable.score(jmh, "LayerBenchmark.forward", "rows=1") : Double.NaN;
        double forward8 = haveJmh ? JmhTable.score(jmh, "LayerBenchmark.forward", "rows=8") : Double.NaN;
        double stored = rates.get(1).microsPerStep();
        double recompute = rates.get(0).microsPerStep();
        md.line("## Reading the figures");
        md.line();
        md.line("- **Results are bit-identical** to the code before the optimisations (same seed, same backend):"
                + " `IbHebbianLearnerChecksumTest` and `BackpropLearnerChecksumTest` pin SHA-256 hashes of the weights"
                + " computed before, and `EpochBench --checksum` gives the same hash on real MNIST before and after.");
        if (haveJmh) {
            md.line(String.format("- **Where an IB step goes** (JMH rows below): AdamW over the first layer's 100 352 weights"
                    + " %.0f µs (%.1f ns per parameter; the 110 k parameters of the net cost about 9 %% more), the forward"
                    + " of one row %.0f µs and of the 8-row window %.0f µs; kernels, ξ and VJPs a few µs each. The"
                    + " measured steps: STORED %.0f µs, RECOMPUTE %.0f µs.", adam, 1e3 * adam / 100_352, forward1,
                    forward8, stored, recompute));
        }
        String floor = haveJmh ? String.format(" At the measured %.1f ns per parameter, AdamW alone costs %.1f s per epoch"
                + " for the 109 386 parameters of the net (%d windows).", 1e3 * adam / 100_352,
                adam / 100_352 * 109_386 * 59_993 / 1e6, 59_993) : "";
        md.line("- **AdamW is the floor of every step.** Its update reads and writes the weights and both moments and"
                + " reads the gradient, with a square root and a division, for every parameter; C2 vectorises the loop"
                + " at 512 bits. Fusing the rank-one gradient δ⊗x into the update saves the pass that formed it;"
                + " fusing a gradient of several rows (backprop's batch, pHSIC's pair) measured slower, since C2"
                + " (JDK 17) does not vectorise a loop whose arrays are read at different offsets." + floor
                + " The 5 s target (83 µs per window) therefore needs a cheaper update (FP32, see the targets"
                + " below) or both cores on one seed, besides a faster forward.");
        md.line("- **RECOMPUTE pays the forward of the whole window** through the backend's GEMM, vector code on"
                + " transposed panels of the weights whose dot products are still sums in order (that order defines"
                + " the Java backend's results). STORED forwards one row, as scalar dot products: N times less"
                + " forward work (compare the accuracies in the whole-epoch table).");
        md.line("- **Seeds scale with cores, not beyond**: two cores run two seeds in the time of one at best, so 30"
                + " seeds need at least 15× one seed's epoch on 2 cores; the 10× target would need less work per seed.");
        md.line("- **PyTorch** spends most of a step in per-operation overhead (dozens of small kernels and autograd per"
                + " window), which is why the hand-fused Java loops win although its GEMMs are faster.");
        md.line();
    }

    /**
     * The headline setups' figures (RECOMPUTE, STORED, backprop, pHSIC): steady state and whole epochs, on one thread
     * and on every core; a list is empty where that measurement did not run.
     */
    private record Figures(List<Measurements.Rate> steadyOne, List<Measurements.Rate> steadyAll,
            List<Measurements.Rate> wholeOne, List<Measurements.Rate> wholeAll) {

        /** {@code one (all)} s/epoch of setup i, or "—" where not measured. */
        static String seconds(List<Measurements.Rate> one, List<Measurements.Rate> all, int i) {
            if (i >= one.size()) {
                return "—";
            }
            return f2(one.get(i).secondsPerEpoch()) + (i < all.size() ? " (" + f2(all.get(i).secondsPerEpoch()) + ")" : "");
        }

        /** The faster of the two thread counts' s/epoch for setup i, NaN where not measured. */
        static double best(List<Measurements.Rate> one, List<Measurements.Rate> all, int i) {
            double best = i < one.size() ? one.get(i).secondsPerEpoch() : Double.NaN;
            if (i < all.size()) {
                best = Double.isNaN(best) ? all.get(i).secondsPerEpoch() : Math.min(best, all.get(i).secondsPerEpoch());
            }
            return best;
        }
    }

    /**
     * Issue 16's targets beside what this run measured, and for each a lower bound from this run's kernel rates:
     * AdamW's ns per parameter (JMH) times the parameters and updates of an epoch, plus the step's products at the
     * Java backend's GEMM rate (every product at the large-GEMM rate, so the bound is optimistic).
     */
    private void targets(Markdown md, Figures figures, List<Peer.Result> peers, int samples, int inputSize, int classes)
            throws IOException {
        List<Measurements.Rate> rates = figures.steadyOne();
        List<Measurements.Rate> allCores = figures.steadyAll();
        Path jmh = options.jmh == null ? null : Path.of(options.jmh);
        if (jmh == null || !Files.exists(jmh) || Double.isNaN(gemmGflops) || rates.size() < 4) {
            return;
        }
        double adamMicros = JmhTable.score(jmh, "OptimizerBenchmark.adamwStep", "cols=784, rows=128, threads=1");
        double adamFloat = JmhTable.score(jmh, "Float32AdamWBenchmark.adamwStep", "");
        if (Double.isNaN(adamMicros)) {
            return;
        }
        double adamNs = 1e3 * adamMicros / (128 * 784);
        md.line("## The issue's targets, and what bounds each");
        md.line();
        md.line(String.format("Measured above (one thread; in brackets %d threads, what a lone trial computes with by"
                + " default) against the targets"
                + " of the performance issue (16). *FP64 floor*: a lower bound for one thread from this run's own"
                + " kernel rates: AdamW at %.3f ns per parameter (JMH `OptimizerBenchmark.adamwStep`) for every"
                + " parameter at every update, plus the step's multiply-adds (forward, weight gradients) at the"
                + " backend's large-GEMM rate, %.1f GFLOP/s, which one-row products do not reach; two threads can at"
                + " best halve it.", Machine.cores(), adamNs, gemmGflops));
        md.line();
        md.row("target", "steady state, s/epoch", "whole epoch, s", "issue's target", "FP64 floor, one thread",
                "of which AdamW", "met");
        md.rule(7);
        double[] goals = {5, 2.5, 1.5, 4};
        double[] floors = new double[goals.length];
        for (int i = 0; i < 4; i++) {
            Measurements.Rate r = rates.get(i);
            TrialSetup setup = r.setup();
            int[] sizes = sizes(inputSize, setup.hidden(), classes);
            long params = params(sizes);
            long updates = setup.stepsPerEpoch(samples);
            double adam = adamNs * params * updates / 1e9;
            double products = (Flops.perStep(setup, sizes) - Flops.ADAMW_PER_PARAMETER * params) / (gemmGflops * 1e9) * updates;
            floors[i] = adam + products;
            double whole = Figures.best(figures.wholeOne(), figures.wholeAll(), i);
            double steady = Figures.best(rates, allCores, i);
            String met = whole <= goals[i] ? "yes"
                    : steady <= goals[i] ? "in steady state" + (Double.isNaN(whole) ? "" : ", not over a whole epoch")
                    : floors[i] > goals[i] ? "no: one thread's floor is above it" : "no";
            md.row(setup.label(inputSize, classes), Figures.seconds(rates, allCores, i),
                    Figures.seconds(figures.wholeOne(), figures.wholeAll(), i), "≤ " + goals[i], f2(floors[i]), f2(adam), met);
        }
        double reservoir = JmhTable.score(jmh, "MemoryWindowBenchmark.window", "memory=reservoir, threads=1");
        double lstm = JmhTable.score(jmh, "MemoryWindowBenchmark.window", "memory=lstm, threads=1");
        double gemv = JmhTable.score(jmh, "ResidentGemvBenchmark.recurrentDrive", "threads=1");
        long windows = TrialSetup.ib(8, "RECOMPUTE", PAPER_HIDDEN).stepsPerEpoch(samples);
        if (!Double.isNaN(reservoir) && !Double.isNaN(gemv)) {
            double floor = RESERVOIR_PRODUCTS_PER_WINDOW * gemv * windows / 1e6;
            md.row("reservoir memory, per epoch", f0(reservoir * windows / 1e3), "", "≤ 150", f0(floor) + " (W_rec r alone)", "",
                    reservoir * windows / 1e3 <= 150 ? "yes" : floor > 150 ? "no: one thread's floor is above it" : "no");
        }
        LstmWork lstmWork = LstmWork.mnistDefaults(inputSize, classes);
        double lstmAdam = adamNs * lstmWork.parameters() * windows / 1e9;
        double lstmFloor = lstmAdam + lstmWork.flops() / (gemmGflops * 1e9) * windows;
        if (!Double.isNaN(lstm)) {
            md.row("LSTM memory, per epoch", f0(lstm * windows / 1e3), "", "≤ 20", f0(lstmFloor), f0(lstmAdam),
                    lstm * windows / 1e3 <= 20 ? "yes" : lstmFloor > 20 ? "no: one thread's floor is above it" : "no");
        }
        // PyTorch at its fastest measured thread count (one: two measure slower on this machine)
        Peer.Result torch = null;
        for (Peer.Result p : peers) {
            if (p.ok() && p.rule().equals("ib") && p.past().equals("RECOMPUTE") && p.dtype().equals("float32")
                    && (torch == null || p.secondsPerEpoch() < torch.secondsPerEpoch())) {
                torch = p;
            }
        }
        if (torch != null) {
            // the RECOMPUTE row's floor (rates.get(0))
            double floor = floors[0];
            double[] ratios = {torch.secondsPerEpoch() / Figures.best(rates, allCores, 0),
                torch.secondsPerEpoch() / Figures.best(figures.wholeOne(), figures.wholeAll(), 0)};
            md.row("PyTorch RECOMPUTE (float32, " + torch.threads() + " thread" + (torch.threads() == 1 ? "" : "s")
                    + ", its fastest, steady state) ÷ Engram's (its faster thread count)", String.format("%.1f×", ratios[0]),
                    Double.isNaN(ratios[1]) ? "—" : String.format("%.1f×", ratios[1]), "≥ 15×",
                    String.format("%.1f× at the floor", torch.secondsPerEpoch() / floor), "",
                    ratios[0] >= 15 ? "yes" : "no");
        }
        md.line();
        if (!Double.isNaN(lstm)) {
            md.line(String.format("**What bounds the LSTM.** Its two layer memories (H = %d cells, truncation %d, inputs"
                    + " %d + %d + d for d = 128 and 64) hold %d parameters, each updated by AdamW at every window, and"
                    + " a window computes %.2f MFLOP (the forward W [s; h], the weight gradient Σ dz ⊗ [s; h] over the %d"
                    + " stored steps, the recurrent back-propagation): at the rates above, %.0f µs of AdamW and %.0f µs of"
                    + " products, %.0f s an epoch on one thread, %.0f s at best on two, against %.0f s measured (%.3f ms a"
                    + " window).", lstmWork.hidden(), lstmWork.truncation(), inputSize, classes, lstmWork.parameters(),
                    lstmWork.flops() / 1e6, lstmWork.truncation(), adamNs * lstmWork.parameters() / 1e3, lstmWork.flops() / gemmGflops / 1e3,
                    lstmFloor, lstmFloor / 2, lstm * windows / 1e3, lstm));
            md.line();
        }
        if (!Double.isNaN(adamFloat)) {
            md.line(String.format("**FP32.** The same AdamW arithmetic over float arrays (JMH `Float32AdamWBenchmark`, same"
                    + " run) takes %.1f µs for the 100 352 weights, %.3f ns per parameter: %.1f× the FP64 update. C2 (JDK 17)"
                    + " does not vectorise a loop that mixes float and double arrays, so the gain needs the weights, gradients and"
                    + " optimizer state in float end to end: Engram's API passes FP64 arrays throughout"
                    + " (`ComputeBackend`, `Layer`, the optimizers), which makes an FP32 precision option an API 3.0"
                    + " change.", adamFloat, 1e3 * adamFloat / (128 * 784), adamMicros / adamFloat));
            md.line();
        }
    }

    /**
     * The LSTM memory's work per IB-Hebbian window (N = 8) on the MNIST MLP with the plugin's defaults, as
     * {@code MemoryWindowBenchmark} runs it: one layer memory per hidden layer (d = 128 and 64), each with
     * {@code hidden} cells on inputs [x; y; z] of inputSize + classes + d entries, back-propagating through
     * {@code truncation} steps.
     */
    record LstmWork(int hidden, int truncation, long parameters, double flops) {

        static LstmWork mnistDefaults(int inputSize, int classes) {
            Parameters defaults = Parameters.defaults(new LstmMemory().parameters());
            int hidden = defaults.getInt("hiddenUnits");
            int truncation = defaults.getInt("truncation") == 0 ? 8 : defaults.getInt("truncation");
            long parameters = 0;
            double flops = 0;
            for (int d : PAPER_HIDDEN) {
                long columns = inputSize + classes + d + hidden;
                long gates = 4L * hidden;
                parameters += gates * (columns + 1) + (long) d * (hidden + 1);
                // forward W [s; h] and W_y h; ∂W summed over the stored steps; dh_prev = W_hᵀ dz between them; ∂W_y
                flops += 2.0 * gates * columns + 2.0 * d * hidden
                        + truncation * 2.0 * gates * columns
                        + (truncation - 1) * 2.0 * gates * hidden
                        + (double) d * hidden;
            }
            return new LstmWork(hidden, truncation, parameters, flops);
        }
    }

    /** s/epoch against N, hidden width and rule; FLOPs per step and the share of the measured GEMM rate. */
    private void scaling(Markdown md, boolean smoke, int samples, int inputSize, int classes) {
        double peak = Peaks.gemmGflops(backend, smoke);
        gemmGflops = peak;
        double gemvPeak = Peaks.gemvGflops(backend, smoke);
        progress(String.format("java backend: gemm %.2f GFLOP/s, gemv %.2f GFLOP/s", peak, gemvPeak));
        md.line("## Scaling (one seed, one thread)");
        md.line();
        md.line(String.format("Rates of the pure-Java backend measured in this run: GEMM %.2f GFLOP/s (32×784 · 784×512),"
                + " GEMV %.2f GFLOP/s (512×784 · 784); for scale, OpenBLAS DGEMM through ND4J reaches 27.6–31.6 GFLOP/s"
                + " on one thread of this machine type (shared/STACK.md §4). FLOPs per step count the forward"
                + " (2·rows·in·out per layer), the weight gradients, and AdamW at %.0f FLOPs per parameter (sqrt and"
                + " division counted as one each, although the divider, not the multipliers, bounds AdamW). The"
                + " GEMM is the product with several rows (vector code); the one-row products, GEMV included, are"
                + " scalar dot products.", peak, gemvPeak, Flops.ADAMW_PER_PARAMETER));
        md.line();
        md.row("configuration", "params", "MFLOP/step", "µs/step", "s/epoch", "GFLOP/s", "÷ Java GEMM rate",
                "÷ OpenBLAS 1-thread (30 GFLOP/s)");
        md.rule(8);
        List<TrialSetup> setups = new ArrayList<>();
        for (int n : new int[] {2, 4, 8, 16, 32, 64}) {
            setups.add(TrialSetup.ib(n, "RECOMPUTE", PAPER_HIDDEN));
        }
        for (int n : new int[] {2, 8, 64}) {
            setups.add(TrialSetup.ib(n, "STORED", PAPER_HIDDEN));
        }
        for (int w : new int[] {256, 512, 1024}) {
            setups.add(TrialSetup.ib(8, "RECOMPUTE", w, w / 2));
            setups.add(TrialSetup.ib(8, "STORED", w, w / 2));
            setups.add(TrialSetup.backprop(6, w, w / 2));
        }
        for (TrialSetup setup : setups) {
            int[] sizes = sizes(inputSize, setup.hidden(), classes);
            long params = params(sizes);
            double flops = Flops.perStep(setup, sizes);
            long steps = smoke ? 100 : Math.max(300, Math.min(4_000, (long) (3e9 / Math.max(flops, 1) * 2)));
            Measurements.Rate r = Measurements.steady(setup, data, backend, Math.max(50, steps / 4), steps);
            double gflops = flops * r.stepsPerSecond() / 1e9;
            progress(setup.label(inputSize, classes) + String.format(": %.1f us/step", r.microsPerStep()));
            md.row(setup.label(inputSize, classes), Long.toString(params), f2(flops / 1e6), f1(r.microsPerStep()),
                    f2(r.secondsPerEpoch()), f2(gflops), String.format("%.0f %%", 100 * gflops / peak),
                    String.format("%.0f %%", 100 * gflops / 30.0));
        }
        md.line();
    }

    static int[] sizes(int inputSize, int[] hidden, int classes) {
        int[] s = new int[hidden.length + 2];
        s[0] = inputSize;
        System.arraycopy(hidden, 0, s, 1, hidden.length);
        s[s.length - 1] = classes;
        return s;
    }

    static long params(int[] sizes) {
        long p = 0;
        for (int l = 1; l < sizes.length; l++) {
            p += (long) sizes[l - 1] * sizes[l] + sizes[l];
        }
        return p;
    }

    private static Measurements.Rate matching(List<Measurements.Rate> rates, Peer.Result p) {
        for (Measurements.Rate r : rates) {
            boolean sameRule = r.setup().isIb() ? p.rule().equals("ib") : r.setup().isBackprop() && p.rule().equals("bp");
            if (sameRule && r.setup().window() == p.window() && (!r.setup().isIb() || r.setup().past().equals(p.past()))) {
                return r;
            }
        }
        return null;
    }

    /** Heap in use after two full collections, in MB: the live set. */
    private static double liveHeapMb() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (double) (1 << 20);
    }

    private void progress(String message) {
        log.add(message);
        System.err.println("[bench] " + message);
    }

    private static String f0(double v) {
        return String.format("%.0f", v);
    }

    private static String f1(double v) {
        return String.format("%.1f", v);
    }

    private static String f2(double v) {
        return String.format("%.2f", v);
    }

    /** Command-line options. */
    static final class Options {
        boolean smoke;
        boolean fullEpochs;
        boolean noPeer;
        boolean noScaling;
        boolean accuracy;
        /** {@code --time}: no untimed steps before the chunks. */
        boolean fromStart;
        /** {@code --time}: print every chunk's µs/step in order, not only the summary. */
        boolean series;
        String origin;
        String out;
        String data = "data/mnist";
        String python = "/usr/bin/python3";
        /** A python3 that imports brian2, or null: the spiking section then says it was not measured. */
        String brianPython;
        String jmh;
        long peerWindows = 3_000;
        String checksumSetup;
        String timeSetup;
        /** {@code steady:SETUP} or {@code epoch:SETUP}: one row, measured for a parent run ({@link #forked}). */
        String rowSetup;
        long warm = 2_000;
        long steps = 2_000;
        int[] threads = {1};

        static Options parse(String[] args) throws IOException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--smoke" -> o.smoke = true;
                    case "--full-epochs" -> o.fullEpochs = true;
                    case "--no-peer" -> o.noPeer = true;
                    case "--no-scaling" -> o.noScaling = true;
                    case "--accuracy" -> o.accuracy = true;
                    case "--from-start" -> o.fromStart = true;
                    case "--series" -> o.series = true;
                    case "--origin" -> o.origin = args[++i];
                    case "--out" -> o.out = args[++i];
                    case "--data" -> o.data = args[++i];
                    case "--python" -> o.python = args[++i];
                    case "--brian-python" -> o.brianPython = args[++i];
                    case "--jmh" -> o.jmh = args[++i];
                    case "--peer-windows" -> o.peerWindows = Long.parseLong(args[++i]);
                    case "--checksum" -> o.checksumSetup = args[++i];
                    case "--time" -> o.timeSetup = args[++i];
                    case "--row" -> o.rowSetup = args[++i];
                    case "--warm" -> o.warm = Long.parseLong(args[++i]);
                    case "--steps" -> o.steps = Long.parseLong(args[++i]);
                    case "--threads" -> o.threads = java.util.Arrays.stream(args[++i].split(",")).map(String::trim)
                            .mapToInt(Integer::parseInt).toArray();
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; see the class comment of org.engram.bench.EpochBench");
                }
            }
            if (o.out == null) {
                // a smoke run must not overwrite the committed page
                o.out = o.smoke ? "bench/target/performance-smoke.md" : "docs/performance.md";
            }
            return o;
        }
    }
}

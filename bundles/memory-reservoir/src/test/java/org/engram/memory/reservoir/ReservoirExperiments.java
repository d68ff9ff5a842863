package org.engram.memory.reservoir;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_1000003;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.memory.MemoryTask;
import org.engram.api.param.Parameters;
import org.engram.testkit.SignalStream;
import org.engram.testkit.TestMemoryTasks;
import org.engram.testkit.TestTrialContext;

/**
 * The reservoir experiments, not a unit test: E1 (spec §3.4, the Frontiers reservoir run) and the capacity
 * table (window N × reservoir size). Run from the module folder after {@code mvn install}:
 *
 * <pre>
 *   java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.engram.memory.reservoir.ReservoirExperiments \
 *       [e1|capacity|all] [--units 2000] [--epochs 10] [--connectivity 0.1] [--out target/reservoir-experiments]
 * </pre>
 *
 * where {@code target/cp.txt} comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=target/cp.txt}.
 * E1 uses the first 100 MNIST test images from {@code <repo>/data/mnist} when present (else random inputs
 * in [−1, 1]), normalised to [−1, 1], each paired with a random z ~ U[0,1)^10; target ξ of variant F with
 * γ = 2 and σ = 0.5 for all kernels; N = 10; 20 steps per sample. Every result is scored on evaluation
 * epochs with learning off (see {@link SignalStream} for the stream). E1 also draws, per connectivity, the
 * target and readout heatmaps ({@code e1-heatmap-<p>-units<N_h>-learning.png} and {@code -frozen.png}).
 */
public final class ReservoirExperiments {
    private static final int SAMPLES = 100;
    private static final int ACTIVITY = 10;
    private static final int EVAL_EPOCHS = 2;
    private static final long SEED = 42;
    /** Requests shown per heatmap: two passes over the 100 samples. */
    private static final int HEATMAP_REQUESTS = 200;

    private ReservoirExperiments() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        String what = "all";
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                what = args[i];
            }
        }
        Path out = Path.of(options.getOrDefault("out", "target/reservoir-experiments"));
        Files.createDirectories(out);
        int epochs = Integer.parseInt(options.getOrDefault("epochs", "10"));
        double readoutRate = Double.parseDouble(options.getOrDefault("readoutRate", "5e-4"));
        SignalStream.Samples samples = SignalStream.Samples.mnistTestImagesOrRandom(
                Path.of(options.getOrDefault("data", "../../data/mnist")), SAMPLES, ACTIVITY, new SplittableRandom(SEED));
        System.out.println("NMSE = sum |o - xi*|^2 / sum |xi* - mean xi*|^2 (1 = always the mean target). tracking: the "
                + "signal returned while learning (after 19 LMS steps on that very target); frozen: readout fixed, "
                + "evaluation epochs; ridge: best linear readout of the recorded reservoir rates; current: best linear "
                + "readout of the current sample [x; y; z] alone (no memory)");
        if (what.equals("e1") || what.equals("all")) {
            int units = Integer.parseInt(options.getOrDefault("units", "2000"));
            List<String> rows = new ArrayList<>();
            rows.add("connectivity,units,window,readout_rate,epoch,phase,nmse,seconds,ms_per_step");
            for (String c : options.getOrDefault("connectivity", "0.1,0.9").split(",")) {
                double connectivity = Double.parseDouble(c);
                Run run = run(samples, units, 10, connectivity, readoutRate, epochs);
                SignalStream.Result r = run.result;
                System.out.printf(Locale.ROOT, "E1  connectivity %.1f  N_h %d  N 10  eta_r %.1e  (%d requests, %.1f s, %.3f ms "
                        + "per Euler step incl. scoring)%n", connectivity, units, readoutRate, r.requests(), r.seconds(),
                        run.msPerStep());
                for (int e = 0; e < r.trainNmse().length; e++) {
                    System.out.printf(Locale.ROOT, "    epoch %2d  tracking NMSE %.4f%n", e + 1, r.trainNmse()[e]);
                    rows.add(row(c, units, 10, readoutRate, e + 1, "tracking", r.trainNmse()[e], run));
                }
                System.out.printf(Locale.ROOT, "    frozen %.4f   ridge %.4f   current %.4f%n", r.evalNmse(), run.ridge, run.current);
                rows.add(row(c, units, 10, readoutRate, epochs, "frozen", r.evalNmse(), run));
                rows.add(row(c, units, 10, readoutRate, epochs, "ridge", run.ridge, run));
                rows.add(row(c, units, 10, readoutRate, epochs, "current", run.current, run));
                run.heatmaps(out, "p" + c + "-units" + units);
                write(out.resolve("e1.csv"), rows);
            }
        }
        if (what.equals("capacity") || what.equals("all")) {
            double connectivity = Double.parseDouble(options.getOrDefault("connectivity", "0.1").split(",")[0]);
            int[] windows = ints(options.getOrDefault("windows", "2,4,8,16,32"));
            int[] sizes = ints(options.getOrDefault("sizes", "250,500,1000,2000"));
            List<String> rows = new ArrayList<>();
            rows.add("units,window,connectivity,readout_rate,epochs,tracking_nmse,frozen_nmse,ridge_nmse,current_nmse,"
                    + "seconds,ms_per_step");
            String[] tables = new String[sizes.length * windows.length];
            for (int i = 0; i < sizes.length; i++) {
                for (int j = 0; j < windows.length; j++) {
                    Run run = run(samples, sizes[i], windows[j], connectivity, readoutRate, epochs);
                    SignalStream.Result r = run.result;
                    double tracking = r.trainNmse()[epochs - 1];
                    tables[i * windows.length + j] = String.format(Locale.ROOT, "%.3f/%.3f/%.3f", tracking, r.evalNmse(), run.ridge);
                    System.out.printf(Locale.ROOT, "capacity  N_h %4d  N %2d  tracking %.4f  frozen %.4f  ridge %.4f  current %.4f"
                            + "  (%.1f s, %.3f ms/step)%n", sizes[i], windows[j], tracking, r.evalNmse(), run.ridge, run.current,
                            r.seconds(), run.msPerStep());
                    rows.add(String.format(Locale.ROOT, "%d,%d,%s,%s,%d,%.6f,%.6f,%.6f,%.6f,%.2f,%.4f", sizes[i], windows[j],
                            connectivity, readoutRate, epochs, tracking, r.evalNmse(), run.ridge, run.current, r.seconds(),
                            run.msPerStep()));
                    write(out.resolve("capacity.csv"), rows);
                }
            }
            StringBuilder header = new StringBuilder("tracking/frozen/ridge NMSE");
            for (int w : windows) {
                header.append(String.format(Locale.ROOT, " | N=%-17d", w));
            }
            System.out.println(header);
            for (int i = 0; i < sizes.length; i++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "N_h = %-20d", sizes[i]));
                for (int j = 0; j < windows.length; j++) {
                    line.append(String.format(Locale.ROOT, " | %-19s", tables[i * windows.length + j]));
                }
                System.out.println(line);
            }
        }
    }

    private static String row(String connectivity, int units, int window, double rate, int epoch, String phase, double nmse,
            Run run) {
        return String.format(Locale.ROOT, "%s,%d,%d,%s,%d,%s,%.6f,%.2f,%.4f", connectivity, units, window, rate, epoch, phase, nmse,
                run.result.seconds(), run.msPerStep());
    }

    /**
     * @param targets  ξ* of every scored request, training epochs first
     * @param outputs  the readout of every scored request
     * @param training how many of them were scored while the readout learned
     */
    private record Run(SignalStream.Result result, long eulerSteps, double ridge, double current, List<double[]> targets,
            List<double[]> outputs, int training) {
        double msPerStep() {
            return result.seconds() * 1e3 / eulerSteps;
        }

        /** The E1 figure: the last requests while learning, then the first with the readout frozen. */
        void heatmaps(Path folder, String label) throws IOException {
            int from = Math.max(0, training - HEATMAP_REQUESTS);
            int to = Math.min(targets.size(), training + HEATMAP_REQUESTS);
            Heatmaps.write(folder.resolve("e1-heatmap-" + label + "-learning.png"), "E1 " + label
                    + ": readout learning (last " + (training - from) + " requests of the last training epoch)", List.of(
                    new Heatmaps.Panel("target ξ*", targets.subList(from, training)),
                    new Heatmaps.Panel("readout", outputs.subList(from, training))));
            Heatmaps.write(folder.resolve("e1-heatmap-" + label + "-frozen.png"), "E1 " + label
                    + ": readout frozen (first " + (to - training) + " evaluation requests)", List.of(
                    new Heatmaps.Panel("target ξ*", targets.subList(training, to)),
                    new Heatmaps.Panel("readout", outputs.subList(training, to))));
        }
    }

    /** Trains and scores one reservoir, recording its rates and the current samples for the ridge readouts. */
    private static Run run(SignalStream.Samples samples, int units, int window, double connectivity, double readoutRate,
            int epochs) {
        ReservoirMemory plugin = new ReservoirMemory();
        Parameters p = Parameters.resolve("memory 'reservoir'", plugin.parameters(),
                Map.of("units", units, "connectivity", connectivity, "readoutRate", readoutRate));
        TestTrialContext context = new TestTrialContext(SEED, LEGACY_1000003);
        MemoryTask task = TestMemoryTasks.frontiersExperiment(window, ACTIVITY);
        ReservoirTrial memory = (ReservoirTrial) plugin.create(task, p, context);
        int current = samples.inputSize() + samples.classes() + ACTIVITY;
        List<double[]> rates = new ArrayList<>();
        List<double[]> inputs = new ArrayList<>();
        List<double[]> targets = new ArrayList<>();
        List<double[]> outputs = new ArrayList<>();
        int[] train = new int[1];
        SignalStream.Result r = SignalStream.run(memory, task, samples, epochs, EVAL_EPOCHS, new SplittableRandom(SEED),
                (training, w, activity, output, target) -> {
                    rates.add(memory.reservoir(0).rates().clone());
                    double[] s = new double[current];
                    int last = w.length() - 1;
                    System.arraycopy(w.inputs(), last * w.inputSize(), s, 0, w.inputSize());
                    System.arraycopy(w.targets(), last * w.classes(), s, w.inputSize(), w.classes());
                    System.arraycopy(activity, last * ACTIVITY, s, w.inputSize() + w.classes(), ACTIVITY);
                    inputs.add(s);
                    targets.add(target.clone());
                    outputs.add(output.clone());
                    if (training) {
                        train[0]++;
                    }
                });
        double[] y = flatten(targets, ACTIVITY);
        int rows = targets.size();
        double ridge = RidgeReadout.heldOutNmse(flatten(rates, units), y, rows, units, ACTIVITY, train[0]);
        double currentOnly = RidgeReadout.heldOutNmse(flatten(inputs, current), y, rows, current, ACTIVITY, train[0]);
        return new Run(r, r.requests() * p.getInt("steps"), ridge, currentOnly, targets, outputs, train[0]);
    }

    private static double[] flatten(List<double[]> rows, int width) {
        double[] m = new double[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, m, i * width, width);
        }
        return m;
    }

    private static int[] ints(String csv) {
        String[] parts = csv.split(",");
        int[] v = new int[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Integer.parseInt(parts[i].trim());
        }
        return v;
    }

    private static void write(Path file, List<String> rows) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            rows.forEach(w::println);
        }
    }
}

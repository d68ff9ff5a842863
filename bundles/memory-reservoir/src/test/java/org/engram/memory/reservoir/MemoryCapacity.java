package org.engram.memory.reservoir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.engram.compute.java.JavaComputeBackend;

/**
 * Short-term memory capacity after Jaeger (2001), as ReservoirPy users know it: drive the reservoir with i.i.d.
 * scalar input u(t) ~ U(−1, 1), train for each delay k = 1..K a linear readout (with bias) of the state x(t) to
 * recall u(t − k), and score it on held-out steps by the squared correlation r²_k. MC = Σ_k r²_k. For any
 * network of n linear units MC ≤ n.
 *
 * <p>{@link #main} is the experiment (not a unit test), run from the module folder like {@link ReservoirExperiments}:
 * <pre>
 *   java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.engram.memory.reservoir.MemoryCapacity \
 *       [--units 200,1000] [--samples 3000] [--delays 40] [--settings gain:steps:inputScaling:tau,...] \
 *       [--out target/reservoir-experiments]
 * </pre>
 * It writes {@code memory-capacity.csv} (one row per setting and delay) and prints MC per setting.
 */
final class MemoryCapacity {
    /** Steps dropped at the start so the state forgets its zero start. */
    static final int WASHOUT = 200;
    /** Small ridge, relative to the mean squared feature: keeps the solve stable, costs no capacity at these sizes. */
    private static final double PENALTY = 1e-8;

    private MemoryCapacity() {
    }

    /**
     * r²_k for k = 1..maxDelay (index k − 1) from recorded states.
     *
     * @param u      [steps] the input
     * @param states [steps, n] the state after step t's input, row-major
     * @param train  steps (from the start, washout included) whose rows fit the readouts; the rest are scored
     */
    static double[] curve(double[] u, double[] states, int steps, int n, int maxDelay, int train) {
        int m = n + 1;
        int first = WASHOUT + maxDelay;
        double[] gram = new double[m * m];
        double[] cross = new double[m * maxDelay];
        double[] phi = new double[m];
        for (int t = first; t < train; t++) {
            System.arraycopy(states, t * n, phi, 0, n);
            phi[n] = 1.0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    gram[i * m + j] += phi[i] * phi[j];
                }
                for (int k = 1; k <= maxDelay; k++) {
                    cross[i * maxDelay + k - 1] += phi[i] * u[t - k];
                }
            }
        }
        double trace = 0.0;
        for (int i = 0; i < m; i++) {
            trace += gram[i * m + i];
        }
        for (int i = 0; i < m; i++) {
            gram[i * m + i] += PENALTY * trace / m;
        }
        Ridge.choleskySolve(gram, cross, m, maxDelay);
        double[] r2 = new double[maxDelay];
        for (int k = 1; k <= maxDelay; k++) {
            double sy = 0;
            double sp = 0;
            double syy = 0;
            double spp = 0;
            double syp = 0;
            int count = 0;
            for (int t = Math.max(train, first); t < steps; t++) {
                double p = cross[n * maxDelay + k - 1];
                for (int i = 0; i < n; i++) {
                    p += states[t * n + i] * cross[i * maxDelay + k - 1];
                }
                double y = u[t - k];
                sy += y;
                sp += p;
                syy += y * y;
                spp += p * p;
                syp += y * p;
                count++;
            }
            double cov = syp - sy * sp / count;
            double vy = syy - sy * sy / count;
            double vp = spp - sp * sp / count;
            r2[k - 1] = vp <= 0.0 ? 0.0 : cov * cov / (vy * vp);
        }
        return r2;
    }

    static double sum(double[] curve) {
        double s = 0;
        for (double v : curve) {
            s += v;
        }
        return s;
    }

    /**
     * The delay-recall curve of one Engram reservoir (readout 0, so no feedback): each input is held for the settings'
     * {@code steps} Euler steps, and the state recorded is the rates r at the last of them. On the Java backend (sparse
     * W_rec), as in a trial.
     */
    static double[] reservoirCurve(ReservoirSettings settings, int steps, int maxDelay, long seed) {
        Reservoir reservoir = new Reservoir(settings, 1, new JavaComputeBackend(), new SplittableRandom(seed));
        reservoir.ensureInput(1);
        SplittableRandom input = new SplittableRandom(seed + 1);
        int n = settings.units();
        double[] u = new double[steps];
        double[] states = new double[steps * n];
        double[] s = new double[1];
        for (int t = 0; t < steps; t++) {
            u[t] = input.nextDouble(-1.0, 1.0);
            s[0] = u[t];
            reservoir.present(s);
            for (int e = 0; e < settings.steps(); e++) {
                reservoir.step(null);
            }
            System.arraycopy(reservoir.rates(), 0, states, t * n, n);
        }
        return curve(u, states, steps, n, maxDelay, WASHOUT + (steps - WASHOUT) * 3 / 4);
    }

    /** The settings of the capacity table: {gain, steps per sample, input scaling, τ}. */
    private static final double[][] GRID = {
        {1.2, 20, 1.0, 5e-3}, {1.2, 20, 17.0, 5e-3}, {1.2, 20, 0.1, 5e-3}, {1.2, 1, 0.1, 5e-3}, {0.9, 20, 0.1, 5e-3},
        {0.9, 1, 0.1, 5e-3}, {0.9, 1, 1.0, 5e-3}, {0.5, 1, 0.1, 5e-3}, {0.9, 20, 0.1, 1e-1}, {0.9, 1, 0.1, 2e-2},
        {1.2, 1, 0.1, 2e-2},
    };

    /** The settings given as {@code gain:steps:inputScaling:tau,...}, or the {@link #GRID}. */
    private static double[][] grid(String given) {
        if (given == null) {
            return GRID;
        }
        return java.util.Arrays.stream(given.split(",")).map(t -> java.util.Arrays.stream(t.split(":"))
                .mapToDouble(Double::parseDouble).toArray()).toArray(double[][]::new);
    }

    public static void main(String[] args) throws IOException {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].substring(2), args[i + 1]);
        }
        Path out = Path.of(options.getOrDefault("out", "target/reservoir-experiments"));
        Files.createDirectories(out);
        int samples = Integer.parseInt(options.getOrDefault("samples", "3000"));
        int delays = Integer.parseInt(options.getOrDefault("delays", "40"));
        List<String> rows = new ArrayList<>();
        rows.add("units,gain,steps,input_scaling,tau,connectivity,delay,r2");
        System.out.println("MC = sum over k = 1.." + delays + " of r^2(u(t-k), best linear readout of r(t)); scalar u ~ U(-1,1), "
                + samples + " samples, readout fitted on the first 3/4 after a washout of " + WASHOUT);
        for (String unitsText : options.getOrDefault("units", "200,1000").split(",")) {
            int units = Integer.parseInt(unitsText);
            for (double[] g : grid(options.get("settings"))) {
                ReservoirSettings settings = new ReservoirSettings(units, g[3], 1e-3, g[0], 0.1, 0, 0, (int) g[1], 1,
                        Readout.LMS, 0, 0, 5e-3, 20, 0, g[2], ReservoirSettings.DEFAULT_RIDGE, false);
                long t0 = System.nanoTime();
                double[] curve = reservoirCurve(settings, samples, delays, 42);
                for (int k = 1; k <= delays; k++) {
                    rows.add(String.format(Locale.ROOT, "%d,%s,%d,%s,%s,0.1,%d,%.5f", units, g[0], (int) g[1], g[2], g[3], k,
                            curve[k - 1]));
                }
                System.out.printf(Locale.ROOT, "N_h %5d  gain %.1f  steps %2d  a %5.2f  tau %.3f (leak %.2f)  MC %6.2f  "
                        + "r2 at k=1,2,5,10: %.3f %.3f %.3f %.3f  (%.1f s)%n", units, g[0], (int) g[1], g[2], g[3],
                        1e-3 / g[3], sum(curve), curve[0], curve[1], curve[4], curve[9], (System.nanoTime() - t0) / 1e9);
            }
        }
        Files.write(out.resolve("memory-capacity.csv"), rows);
    }
}

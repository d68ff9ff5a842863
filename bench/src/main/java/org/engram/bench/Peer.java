package org.engram.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the PyTorch reference ({@code bench/peers/pytorch_ib.py}) as a subprocess and reads the one
 * {@code RESULT {...}} line it prints last. A missing interpreter or torch gives a result that says so.
 */
final class Peer {
    private static final Pattern RESULT = Pattern.compile("^RESULT (\\{.*})\\s*$");

    private final String python;
    private final Path script;
    private final Path data;

    Peer(String python, Path script, Path data) {
        this.python = python;
        this.script = script;
        this.data = data;
    }

    /**
     * @param past  RECOMPUTE or STORED for the IB rule, ignored for backprop
     */
    record Result(String rule, int window, String past, String dtype, int threads, double microsPerStep,
            double secondsPerEpoch, String torch, String error) {

        boolean ok() {
            return error == null;
        }

        String label() {
            return rule.equals("ib") ? "PyTorch IB-Hebbian N=" + window + " " + past + " 784-128-64-10"
                    : "PyTorch backprop B=" + window + " 784-128-64-10";
        }

        String summary() {
            return ok() ? String.format("%.1f us/step, %.2f s/epoch", microsPerStep, secondsPerEpoch) : error;
        }
    }

    Result run(String rule, int window, String past, String dtype, int threads, long steps) {
        List<String> command = new ArrayList<>(List.of(python, script.toString(), "--rule", rule, "--window",
                Integer.toString(window), "--past", past, "--dtype", dtype, "--threads", Integer.toString(threads),
                "--steps", Long.toString(steps), "--data", data.toString()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                String last = output.strip();
                last = last.substring(Math.max(0, last.lastIndexOf('\n') + 1));
                return failed(rule, window, past, dtype, threads, "peer failed: " + last);
            }
            for (String line : output.split("\n")) {
                Matcher m = RESULT.matcher(line);
                if (m.matches()) {
                    String json = m.group(1);
                    Matcher version = Pattern.compile("\"torch\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
                    return new Result(rule, window, past, dtype, threads, number(json, "us_per_step"),
                            number(json, "s_per_epoch"), version.find() ? version.group(1) : "?", null);
                }
            }
            return failed(rule, window, past, dtype, threads, "peer printed no RESULT line");
        } catch (IOException e) {
            return failed(rule, window, past, dtype, threads, "cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(rule, window, past, dtype, threads, "interrupted");
        }
    }

    private static Result failed(String rule, int window, String past, String dtype, int threads, String why) {
        return new Result(rule, window, past, dtype, threads, Double.NaN, Double.NaN, "?", why);
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([-0-9.eE+]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + key + " in " + json);
        }
        return Double.parseDouble(m.group(1));
    }
}

package org.engram.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.data.SampleSet;
import org.engram.api.neuron.ActivityMetrics;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.param.Parameters;
import org.engram.neuron.lif.LifNeuron;
import org.engram.numerics.network.FeedForwardNetwork;

/**
 * The forward simulation of the 784-128-64 network of spiking {@code lif} units (its defaults: 20 steps of 1 ms per
 * sample, every sample from rest) over MNIST test images, timed in Engram and in Brian2
 * ({@code bench/peers/brian2_lif.py}, the same model from its equations) in the same run. Engram runs it as the
 * engine's evaluation does, samples one at a time (the peer's way) and as a batch of rows.
 */
final class SpikingForward {

    static final int[] SIZES = {128, 64};
    private static final int BATCH = 100;
    private static final Pattern RESULT = Pattern.compile("^RESULT (\\{.*})\\s*$", Pattern.MULTILINE);

    /** Milliseconds per sample one at a time and in batches, and spikes per unit per sample of both layers. */
    record Engram(double msSequential, double msBatched, double spikes0, double spikes1) {
    }

    record Brian(double msPerSample, double spikes0, double spikes1, String version, String target, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private SpikingForward() {
    }

    static Engram engram(SampleSet test, ComputeBackend backend, int samples) {
        FeedForwardNetwork network = network(test.inputSize(), backend);
        int steps = network.stepsPerSample();
        double[] input = new double[BATCH * test.inputSize()];
        // warm-up: the JIT compiles the step loop
        for (int i = 0; i < 200; i++) {
            presentOne(network, test, i % test.size(), input, steps);
        }
        report(network);
        long t0 = System.nanoTime();
        for (int i = 0; i < samples; i++) {
            presentOne(network, test, i % test.size(), input, steps);
        }
        double sequential = (System.nanoTime() - t0) / 1e6 / samples;
        double[] spikes = report(network);
        int batches = Math.max(1, samples / BATCH);
        long t1 = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            network.resetState();
            for (int r = 0; r < BATCH; r++) {
                test.copyInput((b * BATCH + r) % test.size(), input, r * test.inputSize());
            }
            step(network, input, BATCH, steps);
        }
        double batched = (System.nanoTime() - t1) / 1e6 / (batches * BATCH);
        return new Engram(sequential, batched, spikes[0], spikes[1]);
    }

    private static FeedForwardNetwork network(int inputSize, ComputeBackend backend) {
        LifNeuron lif = new LifNeuron();
        Parameters defaults = Parameters.defaults(lif.parameters());
        SplittableRandom random = new SplittableRandom(1);
        NeuronLayer[] layers = new NeuronLayer[SIZES.length];
        for (int l = 0; l < SIZES.length; l++) {
            layers[l] = lif.create(SIZES[l], defaults, random.split());
        }
        return new FeedForwardNetwork(inputSize, layers, backend, random.split());
    }

    private static void presentOne(FeedForwardNetwork network, SampleSet test, int index, double[] input, int steps) {
        network.resetState();
        test.copyInput(index, input, 0);
        step(network, input, 1, steps);
    }

    /** A sample's steps as the engine runs them: the first a full forward, the later ones reuse the first layer's drive. */
    private static void step(FeedForwardNetwork network, double[] input, int rows, int steps) {
        network.forward(input, rows);
        for (int t = 1; t < steps; t++) {
            network.forwardHeld(input, rows);
        }
    }

    /** Spikes per unit per sample of each layer since the last call. */
    private static double[] report(FeedForwardNetwork network) {
        double[] spikes = new double[SIZES.length];
        for (int l = 0; l < SIZES.length; l++) {
            int layer = l;
            ((ActivityMetrics) network.layer(l).neurons()).reportActivity((name, value) -> {
                if (name.equals("spikes_per_unit")) {
                    spikes[layer] = value;
                }
            });
        }
        return spikes;
    }

    static Brian brian(String python, Path script, Path data, int samples) {
        List<String> command = List.of(python, script.toString(), "--data", data.toString(), "--samples",
                Integer.toString(samples));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                String last = output.strip();
                return failed("peer failed: " + last.substring(Math.max(0, last.lastIndexOf('\n') + 1)));
            }
            Matcher m = RESULT.matcher(output);
            if (!m.find()) {
                return failed("peer printed no RESULT line");
            }
            String json = m.group(1);
            Matcher spikes = Pattern.compile("\"spikes_per_unit\"\\s*:\\s*\\[([^,\\]]+),\\s*([^\\]]+)]").matcher(json);
            if (!spikes.find()) {
                return failed("no spikes_per_unit in " + json);
            }
            return new Brian(Peer.number(json, "ms_per_sample"), Double.parseDouble(spikes.group(1)),
                    Double.parseDouble(spikes.group(2)), text(json, "brian2"), text(json, "target"), null);
        } catch (IOException e) {
            return failed("cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted");
        }
    }

    private static Brian failed(String why) {
        return new Brian(Double.NaN, Double.NaN, Double.NaN, "?", "?", why);
    }

    private static String text(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "?";
    }
}

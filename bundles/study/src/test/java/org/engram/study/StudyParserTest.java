package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.TrialSpec;
import org.engram.api.study.InvalidStudyException;
import org.engram.api.study.SlurmResources;
import org.engram.api.study.Study;
import org.engram.api.study.StudyTrial;
import org.junit.jupiter.api.Test;

class StudyParserTest {

    /** The example of docs/studies.md and of the issue. */
    static final String EXAMPLE = """
            study: mnist-ib            # name of the study (run folder prefix)
            epochs: 25
            seeds: [1, 2, 3, 4, 5]
            trainLimit: 0
            testLimit: 0
            parallel: 2
            defaults:
              dataset: {name: mnist}
              network:
                - {size: 128, neuron: relu-layernorm}
                - {size: 64, neuron: relu-layernorm}
                - {size: 10, neuron: linear}
              rule: {name: ib-hebbian, gamma: 2}
              memory: {name: window}
              backend: {name: java}
            trials:
              - name: ib-hebbian
              - name: backprop
                rule: {name: backprop}
            sweep:
              rule.window: [2, 4, 8]
            """;

    private final FakeEngine engine = new FakeEngine();

    private Study parse(String yaml) throws InvalidStudyException {
        return new StudyParser(engine, "test.yaml").parse(yaml, "test");
    }

    private static List<String> ids(Study s) {
        return s.trials().stream().map(StudyTrial::id).toList();
    }

    @Test
    void expandsVariantsTimesSweepTimesSeedsInFileOrder() throws Exception {
        Study s = parse(EXAMPLE.replace("[1, 2, 3, 4, 5]", "[1, 2]"));
        assertEquals("mnist-ib", s.name());
        assertEquals(2, s.parallel());
        // the window sweep applies to the rule that has a window; backprop runs once per seed
        assertEquals(List.of("ib-hebbian_window=2_seed=1", "ib-hebbian_window=2_seed=2", "ib-hebbian_window=4_seed=1",
                "ib-hebbian_window=4_seed=2", "ib-hebbian_window=8_seed=1", "ib-hebbian_window=8_seed=2",
                "backprop_seed=1", "backprop_seed=2"), ids(s));
        StudyTrial t = s.trials().get(2);
        assertEquals("ib-hebbian_window=4", t.group());
        assertEquals("ib-hebbian", t.variant());
        assertEquals(Map.of("rule.window", 4), t.sweep());
        assertEquals(1L, t.seed());
        TrialSpec spec = t.spec();
        assertEquals("ib-hebbian_window=4_seed=1", spec.name());
        assertEquals("mnist", spec.dataset());
        assertEquals(List.of(new LayerSpec(128, "relu-layernorm", Map.of()), new LayerSpec(64, "relu-layernorm", Map.of()),
                new LayerSpec(10, "linear", Map.of())), spec.layers());
        assertEquals("ib-hebbian", spec.rule());
        assertEquals(Map.of("gamma", 2, "window", 4), spec.ruleParameters());
        assertEquals("window", spec.memory());
        assertEquals("java", spec.backend());
        assertEquals(25, spec.epochs());
        assertEquals(1L, spec.seed());
    }

    @Test
    void theFullExampleHasFortyTrials() throws Exception {
        assertEquals(3 * 5 + 5, parse(EXAMPLE).trials().size());
    }

    @Test
    void aTrialNamingAnotherPluginReplacesTheSectionWhileTheSamePluginMerges() throws Exception {
        Study s = parse("""
                epochs: 1
                defaults:
                  dataset: xor
                  network: [{size: 2, neuron: linear}]
                  rule: {name: ib-hebbian, gamma: 2, window: 4}
                trials:
                  - name: other
                    rule: {name: backprop, batchSize: 8}
                  - name: same
                    rule: {gamma: 3}
                """);
        assertEquals(Map.of("batchSize", 8), s.trials().get(0).spec().ruleParameters());
        assertEquals("ib-hebbian", s.trials().get(1).spec().rule());
        assertEquals(Map.of("gamma", 3, "window", 4), s.trials().get(1).spec().ruleParameters());
        assertEquals(Map.of(), s.trials().get(0).spec().datasetParameters());
        assertEquals("xor", s.trials().get(0).spec().dataset(), "a plugin name alone is short for {name: ...}");
    }

    @Test
    void twoSweepKeysCrossWithTheFirstOutermost() throws Exception {
        Study s = parse("""
                epochs: 1
                seed: 7
                defaults:
                  dataset: {name: xor}
                  network: [{size: 2, neuron: linear}]
                  rule: ib-hebbian
                sweep:
                  rule.window: [2, 4]
                  dataset.noise: [0.0001, 0.5]
                """);
        assertEquals(List.of("test_window=2_noise=0.0001_seed=7", "test_window=2_noise=0.5_seed=7",
                "test_window=4_noise=0.0001_seed=7", "test_window=4_noise=0.5_seed=7"), ids(s));
        assertEquals(Map.of("noise", 0.5), s.trials().get(3).spec().datasetParameters());
        assertEquals(List.of("rule.window", "dataset.noise"), List.copyOf(s.trials().get(0).sweep().keySet()));
    }

    @Test
    void sweepingThePluginKeepsOnlyTheParametersEachDeclares() throws Exception {
        Study s = parse("""
                epochs: 1
                defaults:
                  dataset: xor
                  network: [{size: 2, neuron: linear}]
                  rule: {name: ib-hebbian, gamma: 3}
                sweep:
                  rule.name: [ib-hebbian, phsic, backprop]
                  rule.window: [2, 4]
                """);
        assertEquals(List.of("test_rule=ib-hebbian_window=2_seed=42", "test_rule=ib-hebbian_window=4_seed=42",
                "test_rule=phsic_seed=42", "test_rule=backprop_seed=42"), ids(s));
        assertEquals(Map.of("gamma", 3), s.trials().get(2).spec().ruleParameters(), "phsic has gamma, not window");
        assertEquals(Map.of(), s.trials().get(3).spec().ruleParameters());
    }

    @Test
    void sweepsReachLayersAndRunSettings() throws Exception {
        Study s = parse("""
                epochs: 1
                defaults:
                  dataset: xor
                  network:
                    - {size: 10, neuron: leaky, tau: 0.01}
                    - {size: 2, neuron: {name: linear}}
                  rule: backprop
                  memory: window
                sweep:
                  network.0.size: [16, 32]
                  epochs: [1, 3]
                """);
        assertEquals(List.of("test_size0=16_epochs=1_seed=42", "test_size0=16_epochs=3_seed=42",
                "test_size0=32_epochs=1_seed=42", "test_size0=32_epochs=3_seed=42"), ids(s));
        TrialSpec last = s.trials().get(3).spec();
        assertEquals(new LayerSpec(32, "leaky", Map.of("tau", 0.01)), last.layers().get(0));
        assertEquals(new LayerSpec(2, "linear", Map.of()), last.layers().get(1));
        assertEquals(3, last.epochs());
        assertEquals("window", last.memory());
        assertNull(last.backend(), "no backend section: the engine's default");
    }

    @Test
    void trialsMayOverrideEpochsSeedsAndLimits() throws Exception {
        Study s = parse("""
                study: mixed
                epochs: 5
                seeds: [1, 2, 3]
                defaults:
                  dataset: xor
                  network: [{size: 2, neuron: linear}]
                  rule: backprop
                trials:
                  - name: xor
                  - name: mnist
                    dataset: mnist
                    network: [{size: 10, neuron: linear}]
                    epochs: 1
                    seed: 1
                    trainLimit: 10000
                    testLimit: 2000
                """);
        assertEquals(List.of("xor_seed=1", "xor_seed=2", "xor_seed=3", "mnist_seed=1"), ids(s));
        TrialSpec m = s.trials().get(3).spec();
        assertEquals(List.of(1, 10000, 2000), List.of(m.epochs(), m.trainLimit(), m.testLimit()));
        assertEquals(List.of(5, 0, 0), List.of(s.trials().get(0).spec().epochs(), s.trials().get(0).spec().trainLimit(),
                s.trials().get(0).spec().testLimit()));
    }

    @Test
    void withoutATrialsListTheStudyIsOneVariantNamedAfterIt() throws Exception {
        Study s = parse("""
                epochs: 2
                defaults: {dataset: xor, network: [{size: 2, neuron: linear}], rule: backprop}
                """);
        assertEquals(List.of("test_seed=42"), ids(s), "no study key: the file's name; no seed: 42");
        assertEquals(Runtime.getRuntime().availableProcessors(), s.parallel());
    }

    @Test
    void idsAreFileNameSafe() throws Exception {
        Study s = parse("""
                epochs: 1
                defaults: {dataset: mnist, network: [{size: 10, neuron: linear}], rule: backprop}
                sweep:
                  dataset.folder: ["data/my mnist", data/other]
                """);
        assertEquals(List.of("test_folder=data-my-mnist_seed=42", "test_folder=data-other_seed=42"), ids(s));
        assertEquals("data/my mnist", s.trials().get(0).spec().datasetParameters().get("folder"));
    }

    @Test
    void theDocumentedExampleIsTheOneTestedHere() throws IOException {
        String doc = Files.readString(Path.of("../../docs/studies.md"));
        String firstYaml = doc.substring(doc.indexOf("```yaml\n") + 8, doc.indexOf("```", doc.indexOf("```yaml\n") + 8));
        assertEquals(EXAMPLE.replaceAll("\\s+#.*", ""), firstYaml.replaceAll("\\s+#.*", ""));
    }

    @Test
    void theSlurmSectionGivesEachTasksResourcesAndIsOptional() throws Exception {
        assertEquals(SlurmResources.NONE, parse(EXAMPLE).slurm());
        Study s = parse(EXAMPLE + """
                slurm:
                  partition: gpu
                  time: "2-00:00:00"
                  cpusPerTask: 4
                  mem: 8G
                """);
        assertEquals(new SlurmResources("gpu", "2-00:00:00", 4, "8G"), s.slurm());
        assertEquals(new SlurmResources(null, "90", 0, "4096"), parse(EXAMPLE + "slurm: {time: \"90\", mem: 4096}\n").slurm(),
                "a bare number of megabytes, as Slurm reads it");
        assertEquals(new SlurmResources("cpu", "90", 2, "4096"),
                parse(EXAMPLE + "slurm: {time: \"90\", mem: 4096}\n").slurm()
                        .overriddenBy(new SlurmResources("cpu", null, 2, null)), "flags override the study's section");
    }

    @Test
    void theBaselineIsTheNamedGroupElseTheFirst() throws Exception {
        assertEquals("ib-hebbian_window=2", StudyParser.baselineGroup(parse(EXAMPLE)));
        assertEquals("backprop", StudyParser.baselineGroup(parse(EXAMPLE + "baseline: backprop\n")));
        assertEquals("ib-hebbian_window=8", StudyParser.baselineGroup(parse(EXAMPLE + "baseline: ib-hebbian_window=8\n")));
    }
}

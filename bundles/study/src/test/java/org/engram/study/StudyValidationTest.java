package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.engram.api.study.InvalidStudyException;
import org.junit.jupiter.api.Test;

/** Each kind of mistake, with the message and line it is reported with. */
class StudyValidationTest {

    private static final String VALID_DEFAULTS = """
            defaults:
              dataset: xor
              network: [{size: 2, neuron: linear}]
              rule: {name: ib-hebbian, gamma: 2}
            """;

    private final FakeEngine engine = new FakeEngine();

    private List<String> problems(String yaml) {
        InvalidStudyException e = assertThrows(InvalidStudyException.class,
                () -> new StudyParser(engine, "s.yaml").parse(yaml, "s"));
        assertTrue(e.getMessage().startsWith("study s.yaml is invalid (" + e.problems().size()), e.getMessage());
        return e.problems();
    }

    private static void assertOnly(String expected, List<String> problems) {
        assertEquals(List.of(expected), problems);
    }

    @Test
    void badYamlSyntaxGivesTheLine() {
        assertOnly("s.yaml:3: YAML: expected ',' or ']', but got : (while parsing a flow sequence that starts on line 2); "
                + "check the brackets, quotes and indentation there",
                problems("epochs: 1\nseeds: [1, 2\ndefaults: {}\n"));
    }

    @Test
    void aDuplicateKeyGivesBothLines() {
        assertOnly("s.yaml:2: duplicate key 'epochs' (first on line 1)", problems("epochs: 1\nepochs: 2\n"));
    }

    @Test
    void anEmptyFileOrAListIsNoStudy() {
        assertOnly("s.yaml: the file is empty; a study has keys such as study, epochs, seeds, defaults, trials, sweep "
                + "(see docs/studies.md)", problems("# nothing\n"));
        assertTrue(problems("- a\n- b\n").get(0).startsWith("s.yaml:1: the top level is not a mapping"));
    }

    @Test
    void unknownKeysAtEveryLevelAreNamedWithWhatIsAllowed() {
        List<String> p = problems("""
                epochs: 1
                sedes: [1]
                defaults:
                  dataset: xor
                  network: [{size: 2, neuron: linear}]
                  rule: backprop
                  epochs: 3
                trials:
                  - name: a
                    rules: {name: backprop}
                """);
        assertEquals(List.of(
                "s.yaml:2: unknown key 'sedes' at the top level (did you mean 'seeds'?); allowed: study, description, "
                        + "epochs, seeds, seed, trainLimit, testLimit, parallel, stallSeconds, defaults, trials, sweep, slurm, baseline",
                "s.yaml:7: unknown key 'epochs' in defaults (run settings such as epochs go at the top level); allowed: "
                        + "dataset, network, rule, memory, backend",
                "s.yaml:10: unknown key 'rules' in a trial (did you mean 'rule'?); allowed: name, dataset, network, rule, "
                        + "memory, backend, epochs, seeds, seed, trainLimit, testLimit"), p);
    }

    @Test
    void anUnknownPluginIsReportedAtItsNameWithWhatIsAvailable() {
        List<String> p = problems("epochs: 1\nseeds: [1, 2]\n" + VALID_DEFAULTS + """
                trials:
                  - name: a
                  - name: b
                    rule: backprp
                """);
        assertOnly("s.yaml:10: unknown rule 'backprp'; available: backprop, crash, hang, ib-hebbian, phsic "
                + "(2 trials: b_seed=1, b_seed=2)", p);
    }

    @Test
    void anUnknownParameterIsReportedAtItsLineWithWhatThePluginAccepts() {
        List<String> p = problems("epochs: 1\n" + VALID_DEFAULTS.replace("gamma: 2", "gamma: 2, windw: 4"));
        assertOnly("s.yaml:5: rule 'ib-hebbian': unknown parameter 'windw'; rule 'ib-hebbian' accepts: gamma, "
                + "learningRate, window; did you mean 'window'? (trial s_seed=42)", p);
    }

    @Test
    void aParameterOfTheThirdLayerIsReportedAtThatLayersLineNotAtAnEarlierLayerWithTheSameNeuron() {
        // layers 0 and 2 use the same neuron model and both write tau: only layer 2's value is wrong
        List<String> p = problems("""
                epochs: 1
                defaults:
                  dataset: xor
                  network:
                    - {size: 4, neuron: leaky, tau: 0.01}
                    - {size: 4, neuron: relu-layernorm}
                    - {size: 4, neuron: leaky,
                       tau: -1}
                    - {size: 2, neuron: linear}
                  rule: backprop
                """);
        assertOnly("s.yaml:8: neuron 'leaky': parameter 'tau' is -1.0, out of range; use a value in [0, ∞) "
                + "(trial s_seed=42)", p);
    }

    @Test
    void twoBadParametersOfOnePluginAreEachReportedAtTheirOwnLine() {
        List<String> p = problems("""
                epochs: 1
                defaults:
                  dataset: xor
                  network: [{size: 2, neuron: linear}]
                  rule:
                    name: ib-hebbian
                    window: 0
                    gamma: -2
                """);
        assertEquals(List.of("s.yaml:7: rule 'ib-hebbian': parameter 'window' is 0, out of range; use a value in [2, 100000] "
                + "(trial s_seed=42)", "s.yaml:8: rule 'ib-hebbian': parameter 'gamma' is -2.0, out of range; use a value in "
                + "[0, ∞) (trial s_seed=42)"), p);
    }

    @Test
    void anUnknownNeuronOnTheSecondLayerIsReportedAtThatLayersNeuron() {
        List<String> p = problems("""
                epochs: 1
                defaults:
                  dataset: xor
                  network:
                    - {size: 4, neuron: linear}
                    - size: 2
                      neuron: lineer
                  rule: backprop
                """);
        assertOnly("s.yaml:7: unknown neuron 'lineer'; available: leaky, linear, relu-layernorm (trial s_seed=42)", p);
    }

    @Test
    void aParameterOutOfRangeIsReportedAtItsLine() {
        List<String> p = problems("""
                epochs: 1
                defaults:
                  dataset: xor
                  network:
                    - {size: 2, neuron: leaky,
                       tau: -1}
                  rule: backprop
                """);
        assertOnly("s.yaml:6: neuron 'leaky': parameter 'tau' is -1.0, out of range; use a value in [0, ∞) "
                + "(trial s_seed=42)", p);
    }

    @Test
    void zeroOrMissingEpochsIsAnError() {
        assertOnly("s.yaml:1: epochs is 0; it must be at least 1", problems("epochs: 0\n" + VALID_DEFAULTS));
        assertOnly("s.yaml:1: no epochs for trial 's'; set e.g. epochs: 10 at the top or in the trial",
                problems(VALID_DEFAULTS));
        assertOnly("s.yaml:1: epochs must be a whole number at least 1, got 'many'", problems("epochs: many\n" + VALID_DEFAULTS));
    }

    @Test
    void duplicateVariantNamesAreAnError() {
        assertOnly("s.yaml:8: duplicate trial name 'a' (also on line 7); give each trial its own name",
                problems("epochs: 1\n" + VALID_DEFAULTS + "trials:\n  - name: a\n  - name: a\n"));
    }

    @Test
    void variantsNeedFileSafeNames() {
        assertOnly("s.yaml:7: trial name 'a/b' must be made of letters, digits and . + _ -",
                problems("epochs: 1\n" + VALID_DEFAULTS + "trials:\n  - name: a/b\n"));
        assertOnly("s.yaml:7: this trial has no name; add e.g. name: backprop (names become folder names)",
                problems("epochs: 1\n" + VALID_DEFAULTS + "trials:\n  - rule: backprop\n"));
    }

    @Test
    void seedsMustBeDistinctWholeNumbersGivenOneWay() {
        assertOnly("s.yaml:3: seed 1 is listed twice", problems("epochs: 1\nseeds: [1,\n 1]\n" + VALID_DEFAULTS));
        assertOnly("s.yaml:3: give either seeds: [..] or seed: n, not both",
                problems("epochs: 1\nseeds: [1]\nseed: 2\n" + VALID_DEFAULTS));
    }

    @Test
    void sweepKeysMustExistAndApplyToSomeTrial() {
        List<String> p = problems("epochs: 1\n" + VALID_DEFAULTS + """
                sweep:
                  rule.windw: [2, 4]
                  network.size: [1]
                  seeds: [1, 2]
                  rule.gamma: []
                """);
        assertEquals(List.of(
                "s.yaml:7: sweep key 'rule.windw' applies to no trial: rule 'ib-hebbian' accepts window, gamma, learningRate",
                "s.yaml:8: unknown sweep key 'network.size'; use epochs, trainLimit, testLimit, <section>.<parameter> "
                        + "(section: dataset, rule, memory, backend; e.g. rule.window, rule.name) or network.<layer>.<key> "
                        + "(e.g. network.0.size, network.1.neuron)",
                "s.yaml:9: seeds are not swept here; list them with seeds: [1, 2, 3]",
                "s.yaml:10: sweep key 'rule.gamma' needs a non-empty list of values, e.g. [2, 4, 8]"), p);
    }

    @Test
    void layersNeedASizeAndANeuron() {
        List<String> p = problems("""
                epochs: 1
                defaults:
                  dataset: xor
                  network:
                    - {neuron: linear}
                    - {size: 0, neuron: linear}
                    - {size: 2}
                  rule: backprop
                """);
        assertEquals(List.of("s.yaml:5: layer 0 has no size; write e.g. {size: 128, neuron: relu-layernorm} (a conv2d or pooling layer "
                + "takes its size from its input: {connectivity: {name: conv2d, channels: 16}, neuron: relu-layernorm})",
                "s.yaml:6: a layer's size is 0; it must be at least 1",
                "s.yaml:7: layer 2 has no neuron; write e.g. {size: 128, neuron: relu-layernorm}; available: leaky, "
                        + "linear, relu-layernorm"), p);
    }

    @Test
    void aConnectivityIsANameOrAMappingWithAName() {
        List<String> p = problems("""
                epochs: 1
                defaults:
                  dataset: xor
                  network:
                    - {connectivity: [conv2d], neuron: linear}
                    - {connectivity: {channels: 4}, neuron: linear}
                    - {connectivity: dense, size: 2, neuron: linear}
                  rule: backprop
                """);
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("s.yaml:5: a layer's connectivity must be a connectivity's name or a mapping such as "
                + "{name: conv2d, channels: 16, kernel: 3}"), p.get(0));
        assertTrue(p.get(1).startsWith("s.yaml:6: layer 1's connectivity needs a name, e.g. {name: conv2d, channels: 16}"), p.get(1));
    }

    @Test
    void sweepValuesThatCollideInIdsAreAnError() {
        List<String> p = problems("epochs: 1\n" + VALID_DEFAULTS.replace("xor", "mnist") + """
                sweep:
                  dataset.folder: [a b, a-b]
                """);
        assertOnly("s.yaml:2: two trials get the id 's_folder=a-b_seed=42'; make the variant names or sweep values differ", p);
    }

    @Test
    void everyProblemIsListedAtOnceInLineOrder() {
        List<String> p = problems("""
                study: has space
                epochs: 0
                parallel: 0
                defaults:
                  dataset: nist
                  network: [{size: 2, neuron: linear}]
                  rule: {name: ib-hebbian, gamma: -1}
                """);
        assertEquals(List.of(
                "s.yaml:1: study must be a name made of letters, digits and . + _ - (it starts the run folder's name), got 'has space'",
                "s.yaml:2: epochs is 0; it must be at least 1",
                "s.yaml:3: parallel is 0; it must be from 1 to 4096",
                "s.yaml:5: unknown dataset 'nist'; available: linear, mnist, xor (trial s_seed=42)",
                "s.yaml:7: rule 'ib-hebbian': parameter 'gamma' is -1.0, out of range; use a value in [0, ∞) (trial s_seed=42)"),
                p);
    }

    @Test
    void anUnreadableFileIsReportedAsSuch() {
        InvalidStudyException e = assertThrows(InvalidStudyException.class,
                () -> new StudyComponent(engine).load(Path.of("no/such/study.yaml")));
        assertTrue(e.problems().get(0).startsWith("no/such/study.yaml: cannot read the file (java.nio.file.NoSuchFileException"),
                e.problems().get(0));
    }

    @Test
    void aFileThatIsNotUtf8NamesTheLineOfTheFirstByteThatIsNot() throws Exception {
        Path file = java.nio.file.Files.createTempFile("latin1", ".yaml");
        try {
            java.nio.file.Files.write(file, "study: caf\u00e9\nepochs: 1\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            InvalidStudyException e = assertThrows(InvalidStudyException.class, () -> new StudyComponent(engine).load(file));
            assertOnly(file + ":1: the file is not UTF-8 text (byte 0xE9 at offset 10 is not UTF-8; another encoding, such "
                    + "as Latin-1 or UTF-16, or not a text file); save it as UTF-8", e.problems());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    /** A seed or epochs that is no whole number, or one too large, is named as such: no stand-in value leaks out. */
    @Test
    void seedsAndEpochsOutsideTheirRangeSayWhatTheRangeIs() {
        assertEquals(List.of("s.yaml:1: a seed must be a whole number, got '1.5'", "s.yaml:1: a seed must be a whole number, "
                + "got '2.5'"), problems("seeds: [1.5, 2.5]\nepochs: 1\n" + VALID_DEFAULTS));
        assertOnly("s.yaml:1: seed is 12345678901234567890; it must be at most 9223372036854775807 (it is a 64-bit whole "
                + "number)", problems("seed: 12345678901234567890\nepochs: 1\n" + VALID_DEFAULTS));
        assertOnly("s.yaml:1: epochs is 1000000000000; it must be at most 2147483647",
                problems("epochs: 1000000000000\n" + VALID_DEFAULTS));
    }

    @Test
    void yamlTagsThatBuildObjectsAreRefused() {
        assertOnly("s.yaml:1: YAML: Global tag is not allowed: tag:yaml.org,2002:java.lang.Runtime",
                problems("epochs: !!java.lang.Runtime {}\n"));
        assertOnly("s.yaml:1: unsupported tag !thing; a study holds plain mappings, lists and values",
                problems("epochs: !thing {}\n"));
        assertTrue(problems("epochs: !!binary aGVsbG8=\n").get(0).startsWith("s.yaml:1: unsupported value 'aGVsbG8='"),
                "plain values only");
    }

    @Test
    void aSlurmSectionWithUnknownKeysOrValuesSlurmWouldRefuseIsNamedLineByLine() {
        List<String> p = problems("epochs: 1\n" + VALID_DEFAULTS + """
                slurm:
                  partition: "cpu nodes"
                  time: 1:30:00
                  cpusPerTask: 0
                  mem: 4 GB
                  gpus: 1
                """);
        assertEquals(List.of(
                "s.yaml:7: slurm partition must be a partition's name (letters, digits, _ . -), e.g. partition: cpu, "
                        + "got 'cpu nodes'",
                "s.yaml:8: slurm time must be quoted text in Slurm's form, e.g. time: \"1:30:00\" or \"2-00:00:00\" "
                        + "(unquoted, YAML reads 1:30:00 as the number 5400)",
                "s.yaml:9: slurm cpusPerTask is 0; it must be from 1 to 4096",
                "s.yaml:10: slurm mem must be a size such as 500M, 4G or 1T (megabytes without a unit), got '4 GB'",
                "s.yaml:11: unknown key 'gpus' in slurm; allowed: partition, time, cpusPerTask, mem"), p);
        assertOnly("s.yaml:6: slurm must be a mapping such as {partition: cpu, time: \"2:00:00\", cpusPerTask: 1, mem: 2G}",
                problems("epochs: 1\n" + VALID_DEFAULTS + "slurm: cpu\n"));
    }

    @Test
    void aBaselineThatIsNoGroupListsTheGroups() {
        assertOnly("s.yaml:7: baseline must name one of the study's groups (a trial id without its seed): a, b; got 'c'",
                problems("epochs: 1\n" + VALID_DEFAULTS + "trials: [{name: a}, {name: b}]\nbaseline: c\n"));
    }
}

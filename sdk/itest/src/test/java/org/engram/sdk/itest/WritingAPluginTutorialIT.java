package org.engram.sdk.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/writing-a-plugin.md, step by step: generate a rule project, implement Oja's rule (the tutorial's
 * code is examples/oja-rule's, in the reader's own package), build and test it, drop the jar into a
 * running console, see it listed and described, and train it in its study next to IB-Hebbian.
 */
class WritingAPluginTutorialIT {

    private static final Path IT = Path.of(Maven.required("engram.it.dir"), "tutorial");
    private static final Path EXAMPLE = Path.of(Maven.required("engram.root"), "examples/oja-rule/src");

    @Test
    void theTutorialsRuleIsBuiltDiscoveredAndTrainedInAStudyNextToIbHebbian() throws Exception {
        BundleFiles.deleteRecursively(IT);

        // 1. Generate (the tutorial's command line)
        Path project = Maven.generate(IT.resolve("plugins"), IT.resolve("logs/generate.txt"), "rule", "org.example",
                "oja-rule", "oja", "OjaRule", "org.example.oja");

        // 2. Implement: the tutorial's OjaRule.java and OjaRuleTest.java, in the reader's package
        for (String file : List.of("main/java/%s/OjaRule.java", "test/java/%s/OjaRuleTest.java")) {
            String code = Files.readString(EXAMPLE.resolve(String.format(file, "org/engram/examples/oja")));
            Files.writeString(project.resolve("src").resolve(String.format(file, "org/example/oja")),
                    code.replace("package org.engram.examples.oja;", "package org.example.oja;"));
        }

        // 3. Build and test
        String build = Maven.succeed(project, IT.resolve("logs/verify.txt"), "verify").output();
        assertTrue(build.contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Time elapsed")
                && build.contains("in org.example.oja.OjaRuleTest"), "OjaRuleTest ran its 3 tests:\n" + build);
        assertTrue(build.contains("in org.example.oja.OjaRuleContractTest"), "the contract suite ran:\n" + build);

        // 4. Drop the jar into a running console, 5. see it, 6. use it in a study next to IB-Hebbian
        Path work = Files.createDirectories(IT.resolve("console"));
        Installation engram = Installation.create(IT.resolve("engram"));
        try (Installation.Shell shell = engram.shell(work)) {
            shell.awaitListed(List.of("rule +ib-hebbian .*"));
            Path jar = project.resolve("target/oja-rule-1.0.0.jar");
            Path partial = engram.plugins().resolve("oja-rule-1.0.0.jar.part");
            Files.copy(jar, partial);
            Files.move(partial, engram.plugins().resolve("oja-rule-1.0.0.jar"));
            long ms = shell.awaitListed(List.of("rule +oja +oja-rule +1\\.0\\.0 +Oja's subspace rule.*"));
            System.out.printf("the tutorial's rule listed %d ms after it was dropped in%n", ms);

            String description = shell.execute("engram:describe rule oja");
            assertTrue(description.contains("ojaRate") && description.contains("learningRate"), description);

            Path runs = work.resolve("runs");
            String out = shell.execute("engram:run " + project.resolve("studies/oja.yaml") + " --runs " + runs + " --quiet");
            assertTrue(out.contains("study oja: 6 of 6 trials done"), out);
            Path run = Runs.only(runs, "oja");
            double oja = Runs.assertTrained(run, "oja", 5, "oja-rule 1.0.0");
            double ibHebbian = Runs.assertTrained(run, "ib-hebbian", 5, "org.engram.rule.ibhebbian");
            System.out.printf("linear task after 5 epochs, mean test accuracy over 3 seeds: oja %.3f, ib-hebbian %.3f%n",
                    oja, ibHebbian);
            // both rules learn the generated study's task (chance is 0.5; measured 0.95 and 0.97)
            assertTrue(oja >= 0.85 && ibHebbian >= 0.85, "oja " + oja + ", ib-hebbian " + ibHebbian);
        }
    }
}

package org.engram.sdk.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * examples/ built as their README says, outside this reactor against the installed API (the version this
 * build made), then used with {@code bin/engram}: listed by {@code engram plugins}, trained by
 * {@code engram run} on their own studies.
 */
class ExamplesIT {

    private static final Path IT = Path.of(Maven.required("engram.it.dir"), "examples");
    private static final Path EXAMPLES = Path.of(Maven.required("engram.root"), "examples");

    @Test
    void theExamplesBuildAgainstTheApiAloneAndTrainInTheirStudies() throws Exception {
        BundleFiles.deleteRecursively(IT);
        Path copy = IT.resolve("examples");
        BundleFiles.copyTree(EXAMPLES, copy, Set.of("target", "runs"));

        String build = Maven.succeed(copy, IT.resolve("logs/verify.txt"), "verify",
                "-Dengram.version=" + Maven.ENGRAM_VERSION).output();
        for (String testClass : new String[] {"oja.OjaRuleTest", "oja.OjaRuleContractTest", "csv.CsvDatasetTest",
            "csv.CsvDatasetContractTest"}) {
            assertTrue(build.contains("Skipped: 0, Time elapsed") && build.contains(" -- in org.engram.examples." + testClass),
                    testClass + " did not run:\n" + build);
        }
        assertTrue(!build.contains("Tests run: 0,"), build);

        Path oja = copy.resolve("oja-rule");
        Path csv = copy.resolve("csv-dataset");
        Installation engram = Installation.create(IT.resolve("engram"));
        Files.copy(BundleFiles.jar(oja), engram.plugins().resolve("oja-rule-2.0.0.jar"));
        Files.copy(BundleFiles.jar(csv), engram.plugins().resolve("csv-dataset-2.0.0.jar"));

        Installation.Result plugins = engram.run(csv, "plugins");
        assertEquals(0, plugins.exitCode(), plugins.output());
        assertTrue(plugins.output().lines().anyMatch(l -> l.matches("rule +oja +oja-rule +2\\.0\\.0 .*")), plugins.output());
        assertTrue(plugins.output().lines().anyMatch(l -> l.matches("dataset +csv +csv-dataset +2\\.0\\.0 .*")), plugins.output());

        // the csv study reads data/ relative to the folder it runs in, as its README says
        Installation.Result csvRun = engram.run(csv, "run", "studies/csv.yaml", "--runs", "runs", "--quiet");
        assertEquals(0, csvRun.exitCode(), csvRun.output());
        Path csvStudy = Runs.only(csv.resolve("runs"), "csv");
        Runs.assertTrained(csvStudy, "ib-hebbian", 5, "csv-dataset 2.0.0");
        Runs.assertTrained(csvStudy, "backprop", 5, "csv-dataset 2.0.0");

        Installation.Result ojaRun = engram.run(oja, "run", "studies/oja.yaml", "--runs", "runs", "--quiet");
        assertEquals(0, ojaRun.exitCode(), ojaRun.output());
        Path ojaStudy = Runs.only(oja.resolve("runs"), "oja");
        double ojaAccuracy = Runs.assertTrained(ojaStudy, "oja", 5, "oja-rule 2.0.0");
        double ib = Runs.assertTrained(ojaStudy, "ib-hebbian", 5, "org.engram.rule.ibhebbian");
        double backprop = Runs.assertTrained(ojaStudy, "backprop", 5, "org.engram.rule.backprop");
        System.out.printf("XOR after 5 epochs, mean test accuracy over 3 seeds: oja %.3f, ib-hebbian %.3f, backprop %.3f%n",
                ojaAccuracy, ib, backprop);
    }
}

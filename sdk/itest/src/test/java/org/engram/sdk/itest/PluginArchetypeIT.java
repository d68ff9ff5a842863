package org.engram.sdk.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A project of every kind generated from engram-plugin-archetype and built as its author would build it:
 * outside this reactor, offline, against the installed API and test kit. Its tests, the kind's contract
 * suite among them, must run and pass; its bundle must import the API only; dropped into a running
 * console it must be discovered, and its generated study must train it next to a built-in plugin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginArchetypeIT {

    private static final Path IT = Path.of(Maven.required("engram.it.dir"), "archetype");
    private static final List<String> KINDS = List.of("rule", "neuron", "memory", "dataset", "backend", "connectivity");
    /** The suite each kind's contract test extends, and its number of checks at least. */
    private static final List<String> SUITES = List.of("LearningRuleContract", "NeuronLayerContract",
            "WorkingMemoryContract", "DatasetContract", "ComputeBackendContract", "ConnectivityContract");

    private final List<Path> projects = new ArrayList<>();

    @BeforeAll
    void generateAndBuildOneProjectOfEachKind() throws Exception {
        BundleFiles.deleteRecursively(IT);
        Path sources = IT.resolve("projects");
        for (String kind : KINDS) {
            String className = "Example" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
            projects.add(Maven.generate(sources, IT.resolve("logs/generate-" + kind + ".txt"), kind, "com.example",
                    "example-" + kind, "example-" + kind, className, "com.example." + kind));
        }
        // one Maven run for all six: each is still its own project, the aggregator only saves four JVM starts
        StringBuilder modules = new StringBuilder();
        for (String kind : KINDS) {
            modules.append("<module>example-").append(kind).append("</module>");
        }
        Files.writeString(sources.resolve("pom.xml"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0"
                + "</modelVersion><groupId>com.example</groupId><artifactId>all-kinds</artifactId><version>1.0.0</version>"
                + "<packaging>pom</packaging><modules>" + modules + "</modules></project>");
        Maven.succeed(sources, IT.resolve("logs/verify.txt"), "verify");
    }

    @Test
    void eachProjectRanItsOwnTestsAndItsKindsContractSuite() throws IOException {
        for (int i = 0; i < KINDS.size(); i++) {
            Path reports = projects.get(i).resolve("target/surefire-reports");
            String className = "Example" + Character.toUpperCase(KINDS.get(i).charAt(0)) + KINDS.get(i).substring(1);
            int[] unit = testsIn(reports, "com.example." + KINDS.get(i) + "." + className + "Test");
            int[] contract = testsIn(reports, "com.example." + KINDS.get(i) + "." + className + "ContractTest");
            assertTrue(unit[0] >= 2, KINDS.get(i) + ": unit tests run: " + unit[0]);
            assertTrue(contract[0] >= 7, KINDS.get(i) + ": checks of " + SUITES.get(i) + " run: " + contract[0]);
            assertEquals(0, unit[1] + contract[1], KINDS.get(i) + ": failed, errored or skipped tests");
            String source = Files.readString(projects.get(i).resolve("src/test/java/com/example/" + KINDS.get(i) + "/"
                    + className + "ContractTest.java"));
            assertTrue(source.contains("extends " + SUITES.get(i)), className + "ContractTest extends " + SUITES.get(i));
        }
    }

    @Test
    void eachBundleImportsTheEngramApiOnlyAndDeclaresItsComponent() throws IOException {
        for (int i = 0; i < KINDS.size(); i++) {
            Manifest manifest = BundleFiles.manifest(BundleFiles.jar(projects.get(i)));
            String imports = manifest.getMainAttributes().getValue("Import-Package");
            for (String imported : BundleFiles.splitClauses(imports)) {
                String name = imported.split(";")[0];
                assertTrue(name.startsWith("java.") || name.startsWith("org.engram.api"), KINDS.get(i)
                        + " imports " + name + "; a plugin needs the API only: " + imports);
                if (name.startsWith("org.engram.api")) {
                    // from the minor version the plugin was built against up to the next major: any m.x from then on
                    Matcher range = Pattern.compile(".*version=\"\\[(\\d+)\\.\\d+,(\\d+)\\)\".*")
                            .matcher(imported);
                    assertTrue(range.matches() && Integer.parseInt(range.group(2)) == Integer.parseInt(range.group(1)) + 1,
                            KINDS.get(i) + " imports " + imported);
                }
            }
            assertTrue(manifest.getMainAttributes().getValue("Service-Component") != null, KINDS.get(i)
                    + ": no Service-Component header");
            assertEquals("example-" + KINDS.get(i), manifest.getMainAttributes().getValue("Bundle-SymbolicName"));
        }
    }

    @Test
    void droppedIntoARunningConsoleEachKindIsDiscoveredAndTrainedInItsGeneratedStudy() throws Exception {
        Path work = Files.createDirectories(IT.resolve("console"));
        Installation engram = Installation.create(IT.resolve("engram"));
        try (Installation.Shell shell = engram.shell(work)) {
            shell.awaitListed(List.of("rule +ib-hebbian .*"));
            for (Path project : projects) {
                Path jar = BundleFiles.jar(project);
                // copy under another name, then rename: FileInstall never sees half a jar
                Path partial = engram.plugins().resolve(jar.getFileName() + ".part");
                Files.copy(jar, partial);
                Files.move(partial, engram.plugins().resolve(jar.getFileName()));
            }
            List<String> rows = new ArrayList<>();
            for (String kind : KINDS) {
                rows.add(kind + " +example-" + kind + " +example-" + kind + " +1\\.0\\.0 .*");
            }
            long ms = shell.awaitListed(rows);
            System.out.printf("six plugins dropped into a running console listed after %d ms%n", ms);

            for (int i = 0; i < KINDS.size(); i++) {
                String kind = KINDS.get(i);
                Path study = projects.get(i).resolve("studies/example-" + kind + ".yaml");
                Path runs = work.resolve("runs-" + kind);
                String out = shell.execute("engram:run " + study + " --runs " + runs + " --quiet");
                assertTrue(out.contains("study example-" + kind + ": 6 of 6 trials done"), kind + ": " + out);
                Path run = Runs.only(runs, "example-" + kind);
                // the generated dataset (two rings) is learnt by back-propagation in the study's 5 epochs
                String variant = kind.equals("dataset") ? "backprop" : "example-" + kind;
                double accuracy = Runs.assertTrained(run, variant, 5, "example-" + kind + " 1.0.0");
                System.out.printf("%s plugin: final test accuracy %.3f (mean over seeds)%n", kind, accuracy);
                // a generated study is a promise: its plugin learns the task (chance is 0.5)
                assertTrue(accuracy >= 0.9, kind + " plugin's study ends at " + accuracy + " test accuracy");
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Tests run, and failures + errors + skipped, of one test class's surefire report. */
    private static int[] testsIn(Path reports, String testClass) throws IOException {
        Path report = reports.resolve("TEST-" + testClass + ".xml");
        assertTrue(Files.exists(report), "no surefire report " + report);
        String xml = Files.readString(report);
        Matcher suite = Pattern.compile("<testsuite [^>]*").matcher(xml);
        assertTrue(suite.find(), report.toString());
        String tag = suite.group();
        return new int[] {attribute(tag, "tests"), attribute(tag, "failures") + attribute(tag, "errors")
                + attribute(tag, "skipped")};
    }

    private static int attribute(String tag, String name) {
        Matcher m = Pattern.compile(" " + name + "=\"(\\d+)\"").matcher(tag);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}

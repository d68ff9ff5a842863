package org.engram.sdk.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The API's semantic-versioning checks catch incompatible changes: bnd-baseline-maven-plugin in
 * bundles/api, against the release in sdk/api-baseline, and {@link ConsumerTypeCheck} where bnd 7.1.0
 * errs. Each test builds a copy of bundles/api with the API's own POM, as it is or with one change, and
 * looks at the build's verdict and bnd's report.
 */
class ApiBaselineIT {

    private static final Path IT = Path.of(Maven.required("engram.it.dir"), "baseline");
    private static final Path ROOT = Path.of(Maven.required("engram.root"));
    private static final String LEARNER = "src/main/java/org/engram/api/rule/Learner.java";
    private static final String RULE_PACKAGE = "src/main/java/org/engram/api/rule/package-info.java";
    private static final String PARAMETERS = "src/main/java/org/engram/api/param/Parameters.java";
    private static final String PARAM_PACKAGE = "src/main/java/org/engram/api/param/package-info.java";

    @Test
    void theApiAsItIsPassesTheBaseline() throws Exception {
        Path api = copyOfTheApi("unchanged");

        Maven.Result build = verify(api);

        assertEquals(0, build.exitCode(), build.tail());
        assertTrue(build.output().contains("Baseline check succeeded"), build.tail());
        String report = Files.readString(api.resolve("target/baseline/org.engram.api-" + Maven.ENGRAM_VERSION + ".txt"));
        assertTrue(report.contains("org.engram.api.rule") && !report.contains("\n*"), report);
    }

    @Test
    void removingAMethodFromAConsumerTypeFailsWithoutAMajorBump() throws Exception {
        Path api = copyOfTheApi("removed-method");
        edit(api.resolve(LEARNER), "    int windowLength();\n", "");

        Maven.Result failed = verify(api);

        assertNotEquals(0, failed.exitCode(), "the build passed although Learner lost a method:\n" + failed.tail());
        assertMismatch(failed, "org.engram.api.rule", "MAJOR", "1.0.0", "2.0.0");
    }

    /**
     * Every plugin implements Learner: a new abstract method breaks all of them. bnd 7.1.0 rates it MINOR
     * when it follows a default method (see ConsumerTypeCheck), so the second check must refuse the minor
     * bump that bnd accepts; with a major bump both pass.
     */
    @Test
    void addingAMethodToAConsumerTypeNeedsAMajorBump() throws Exception {
        Path api = copyOfTheApi("consumer-method");
        edit(api.resolve(LEARNER), "    void learn(Window window);\n", "    void learn(Window window);\n\n    void forget();\n");
        Path baseline = ConsumerTypeCheck.baselineJar(api.getParent().getParent());
        Path jar = api.resolve("target/org.engram.api-" + Maven.ENGRAM_VERSION + ".jar");

        Maven.Result unbumped = verify(api);
        assertNotEquals(0, unbumped.exitCode(), "the build passed although Learner gained a method:\n" + unbumped.tail());
        assertMismatch(unbumped, "org.engram.api.rule", "MINOR|MAJOR", "1.0.0", "1\\.1\\.0|2\\.0\\.0");
        assertTrue(ConsumerTypeCheck.problems(baseline, jar).toString().contains("forget()"));

        edit(api.resolve(RULE_PACKAGE), "Version(\"1.0.0\")", "Version(\"1.1.0\")");
        Maven.Result minor = verify(api);
        System.out.println("bnd's verdict on a new consumer method with a minor bump: exit " + minor.exitCode()
                + (minor.exitCode() == 0 ? " (accepted: the bnd 7.1.0 flaw that ConsumerTypeCheck covers)" : ""));
        assertTrue(ConsumerTypeCheck.problems(baseline, jar).toString().contains("forget()"),
                "a minor bump must not do for a new abstract method of a consumer type");

        edit(api.resolve(RULE_PACKAGE), "Version(\"1.1.0\")", "Version(\"2.0.0\")");
        Maven.Result major = verify(api);
        assertEquals(0, major.exitCode(), "with org.engram.api.rule at 2.0.0:\n" + major.tail());
        assertEquals(List.of(), ConsumerTypeCheck.problems(baseline, jar));
    }

    @Test
    void addingAMethodToAProviderTypeNeedsAMinorBumpOnly() throws Exception {
        Path api = copyOfTheApi("provider-method");
        // only Engram makes Parameters: plugins built against 2.0 keep working with 2.1. (A package still at the
        // baseline's version: one already bumped since the release would take the method silently.)
        String anchor = "    @Override\n    public int hashCode() {\n";
        edit(api.resolve(PARAMETERS), anchor, "    public int count() {\n        return values.size();\n    }\n\n" + anchor);

        Maven.Result failed = verify(api);
        assertNotEquals(0, failed.exitCode(), "the build passed without a minor bump:\n" + failed.tail());
        assertMismatch(failed, "org.engram.api.param", "MINOR", "2.0.0", "2\\.1\\.0");

        edit(api.resolve(PARAM_PACKAGE), "Version(\"2.0.0\")", "Version(\"2.1.0\")");
        Maven.Result bumped = verify(api);
        assertEquals(0, bumped.exitCode(), "with org.engram.api.param at 2.1.0:\n" + bumped.tail());
    }

    // ------------------------------------------------------------------------------------------

    /**
     * bundles/api with the root POM it inherits from and the baseline repository its POM names, at the same
     * relative places; returns the copy's bundles/api.
     */
    private static Path copyOfTheApi(String name) throws IOException {
        Path copy = IT.resolve(name);
        BundleFiles.deleteRecursively(copy);
        Files.createDirectories(copy);
        Files.copy(ROOT.resolve("pom.xml"), copy.resolve("pom.xml"));
        BundleFiles.copyTree(ROOT.resolve("bundles/api"), copy.resolve("bundles/api"), Set.of("target"));
        BundleFiles.copyTree(ROOT.resolve("sdk/api-baseline"), copy.resolve("sdk/api-baseline"), Set.of());
        return copy.resolve("bundles/api");
    }

    private static Maven.Result verify(Path api) throws Exception {
        Path log = api.getParent().getParent().resolve("verify-" + System.nanoTime() + ".txt");
        return Maven.run(api, log, "verify", "-Denforcer.skip=true");
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " no longer contains '" + from + "'; update this test");
        Files.writeString(file, text.replace(from, to));
    }

    /**
     * bnd's report marks the package with '*' and names the change and the version it suggests.
     *
     * @param delta     regular expression of the change bnd reports
     * @param version   the package's version, in the build and in the baseline alike
     * @param suggested regular expression of the version it suggests
     */
    private static void assertMismatch(Maven.Result build, String packageName, String delta, String version, String suggested) {
        assertTrue(build.output().contains("Baseline problems detected"), "not a baseline failure:\n" + build.tail());
        Pattern row = Pattern.compile("\\* " + Pattern.quote(packageName) + " +PACKAGE +(" + delta
                + ") +" + Pattern.quote(version) + " +" + Pattern.quote(version) + " +(" + suggested + ")\\s");
        assertTrue(build.output().lines().anyMatch(l -> row.matcher(l + " ").find()),
                "no report row like '" + row + "':\n" + build.tail());
    }
}

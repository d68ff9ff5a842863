package org.engram.api.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterSetTest {

    enum Optimizer { ADAMW, MOMENTUM }

    record Shared(
            @Parameter(defaultValue = "1e-3", min = 0, max = 10, description = "learning rate η") double learningRate,
            @Parameter(defaultValue = "ADAMW", description = "the optimizer") Optimizer optimizer) {
    }

    record Rule(
            @Parameter(defaultValue = "8", min = 2, max = 100_000, description = "window length N (samples)") int window,
            @Parameter(defaultValue = "2.0", min = 0, description = "label weight γ") double gamma,
            @Parameter(defaultValue = "true", description = "start each sample from rest") boolean fromRest,
            @Parameter(defaultValue = "gaussian", choices = {"GAUSSIAN", "COSINE"}, description = "label kernel") String kernel,
            @Parameter(defaultValue = "data/x", description = "where the files are") String folder,
            @Parameter(defaultValue = "16, 32", min = 1, description = "channels per layer") int[] channels,
            @Parameter(defaultValue = "", description = "extra weights") double[] weights,
            @Parameter(defaultValue = "4000000000", min = 0, description = "samples") long samples,
            @ParameterGroup(defaults = "learningRate=1e-4") Shared optimizer) {
    }

    private static final ParameterSet<Rule> RULE = ParameterSet.of(Rule.class);

    @Test
    void descriptorsFollowTheRecordWithTheGroupsParametersInPlace() {
        assertEquals(List.of("window", "gamma", "fromRest", "kernel", "folder", "channels", "weights", "samples",
                "learningRate", "optimizer"), RULE.descriptors().stream().map(ParameterDescriptor::name).toList());
        assertEquals(List.of(ParameterType.INTEGER, ParameterType.REAL, ParameterType.BOOLEAN, ParameterType.CHOICE,
                ParameterType.TEXT, ParameterType.INTEGER_LIST, ParameterType.REAL_LIST, ParameterType.INTEGER, ParameterType.REAL,
                ParameterType.CHOICE), RULE.descriptors().stream().map(ParameterDescriptor::type).toList());
    }

    @Test
    void defaultsAreTypedAsTheEngineResolvesThemAndAGroupsDefaultCanBeOverridden() {
        ParameterDescriptor window = RULE.descriptors().get(0);
        assertEquals(8L, window.defaultValue());
        assertEquals(2.0, window.min());
        assertEquals(100_000.0, window.max());
        assertEquals(List.of(16L, 32L), RULE.descriptors().get(5).defaultValue());
        assertEquals(List.of(), RULE.descriptors().get(6).defaultValue());
        assertEquals("GAUSSIAN", RULE.descriptors().get(3).defaultValue(), "a choice's default is its canonical word");
        assertEquals(1e-4, RULE.descriptors().get(8).defaultValue(), "the rule's own default, not the group's 1e-3");
        assertEquals(List.of("ADAMW", "MOMENTUM"), RULE.descriptors().get(9).choices());

        Rule defaults = RULE.defaults();
        assertEquals(8, defaults.window());
        assertEquals(2.0, defaults.gamma());
        assertTrue(defaults.fromRest());
        assertEquals("GAUSSIAN", defaults.kernel());
        assertEquals("data/x", defaults.folder());
        assertArrayEquals(new int[] {16, 32}, defaults.channels());
        assertArrayEquals(new double[0], defaults.weights());
        assertEquals(4_000_000_000L, defaults.samples());
        assertEquals(new Shared(1e-4, Optimizer.ADAMW), defaults.optimizer());
    }

    @Test
    void givenValuesAreReadBackTypedWhateverFormTheStudyWroteThemIn() {
        Rule r = RULE.resolve("rule 'r'", Map.of("window", "16", "kernel", "cosine", "optimizer", "momentum",
                "channels", List.of(8, 4), "weights", 0.5, "fromRest", "false"));
        assertEquals(16, r.window());
        assertEquals("COSINE", r.kernel());
        assertEquals(Optimizer.MOMENTUM, r.optimizer().optimizer());
        assertArrayEquals(new int[] {8, 4}, r.channels());
        assertArrayEquals(new double[] {0.5}, r.weights());
        assertEquals(false, r.fromRest());
    }

    @Test
    void valuesOutOfRangeOrOfTheWrongTypeOrNotAmongTheChoicesAreEachReportedWithTheirParameter() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class, () -> RULE.resolve("rule 'r'",
                Map.of("window", 1, "gamma", "high", "kernel", "linear", "channels", List.of(4, 0), "learningRate", 11)));
        assertEquals(List.of("channels", "gamma", "kernel", "learningRate", "window"),
                e.problems().stream().map(ParameterProblem::parameter).toList());
        assertEquals("parameter 'window' is 1, out of range; use a value in [2, 100000]", e.problems().get(4).message());
        assertEquals("parameter 'gamma' must be a number, got 'high'; write e.g. 2.0", e.problems().get(1).message());
        assertEquals("parameter 'kernel' cannot be 'linear'; use one of [GAUSSIAN, COSINE]", e.problems().get(2).message());
        assertEquals("parameter 'channels' is 0, out of range; use a value in [1, ∞)", e.problems().get(0).message());
        assertEquals("parameter 'learningRate' is 11.0, out of range; use a value in [0, 10]", e.problems().get(3).message());
        assertTrue(e.getMessage().startsWith("rule 'r': parameter 'channels' is 0"), e.getMessage());
    }

    @Test
    void anUnknownNameSuggestsTheNearestDeclaredOneAfterListingThemAll() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> RULE.resolve("rule 'r'", Map.of("learnigRate", 0.1)));
        assertEquals(new ParameterProblem("learnigRate", "unknown parameter 'learnigRate'; rule 'r' accepts: channels, "
                + "folder, fromRest, gamma, kernel, learningRate, optimizer, samples, weights, window; "
                + "did you mean 'learningRate'?"), e.problems().get(0));
    }

    @Test
    void theNearestNameIgnoresCaseAndAllowsASwapButNotAnUnrelatedWord() {
        List<String> known = List.of("learningRate", "gamma", "window", "sigmaX", "sigmaY");
        assertEquals("learningRate", Parameters.nearest("learningrate", known));
        assertEquals("learningRate", Parameters.nearest("learnigRate", known));
        assertEquals("gamma", Parameters.nearest("gmama", known));
        assertEquals("window", Parameters.nearest("windw", known));
        assertEquals("sigmaX", Parameters.nearest("sigmax", known));
        assertNull(Parameters.nearest("momentum", known));
        assertNull(Parameters.nearest("x", known));
    }

    @Test
    void theDescriptionAndRangeThatDescribePrintsComeFromTheDeclaration() {
        ParameterDescriptor gamma = RULE.descriptors().get(1);
        assertEquals("label weight γ", gamma.description());
        assertEquals("[0, ∞)", gamma.range());
        assertEquals("[2, 100000]", RULE.descriptors().get(0).range());
        assertEquals("[GAUSSIAN, COSINE]", RULE.descriptors().get(3).range());
        assertEquals("any", RULE.descriptors().get(4).range());
    }

    @Test
    void aPerInstanceDefaultReplacesTheDeclaredOneAndIsChecked() {
        ParameterSet<Rule> mnist = RULE.withDefault("folder", "data/mnist");
        assertEquals("data/mnist", mnist.defaults().folder());
        assertEquals("data/x", RULE.defaults().folder(), "the original set is unchanged");
        assertEquals(16, mnist.withDefault("window", "16").defaults().window());
        assertThrows(IllegalArgumentException.class, () -> RULE.withDefault("window", "1"));
        assertThrows(IllegalArgumentException.class, () -> RULE.withDefault("folders", "data"));
    }

    record Checked(@Parameter(defaultValue = "1", min = 1, description = "steps") int steps,
            @Parameter(defaultValue = "1", min = 1, description = "steps averaged") int averaged) {
        Checked {
            if (averaged > steps) {
                throw new IllegalArgumentException("averaged (" + averaged + ") cannot exceed steps (" + steps + ")");
            }
        }
    }

    @Test
    void theRecordsOwnCheckOfItsValuesReachesTheCallerUnwrapped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterSet.of(Checked.class).resolve("neuron 'n'", Map.of("averaged", 3)));
        assertEquals("averaged (3) cannot exceed steps (1)", e.getMessage());
    }

    record NoAnnotation(@Parameter(defaultValue = "1", description = "a") int a, int b) {
    }

    record UnsupportedType(@Parameter(defaultValue = "1", description = "a") Integer a) {
    }

    record DefaultOfTheWrongType(@Parameter(defaultValue = "fast", description = "a") double rate) {
    }

    record DefaultOutOfRange(@Parameter(defaultValue = "2", min = 0, max = 1, description = "a") double rate) {
    }

    record RangeOnAWord(@Parameter(defaultValue = "a", min = 0, description = "a") String word) {
    }

    record ChoicesOnAnEnum(@Parameter(defaultValue = "ADAMW", choices = {"ADAMW"}, description = "a") Optimizer kind) {
    }

    record DeclaredTwice(@Parameter(defaultValue = "1", description = "a") double learningRate,
            @ParameterGroup Shared optimizer) {
    }

    record UnknownGroupDefault(@ParameterGroup(defaults = "learningrate=1") Shared optimizer) {
    }

    @Test
    void aWrongDeclarationFailsAtOnceNamingTheComponentAndTheFix() {
        assertDeclarationError(NoAnnotation.class, "NoAnnotation.b needs exactly one of @Parameter");
        assertDeclarationError(UnsupportedType.class, "UnsupportedType.a has type java.lang.Integer, which a parameter "
                + "cannot have; use int, long, double, boolean, String, an enum, int[], long[] or double[]");
        assertDeclarationError(DefaultOfTheWrongType.class, "DefaultOfTheWrongType.rate: the default 'fast' does not fit: "
                + "parameter 'rate' must be a number, got 'fast'");
        assertDeclarationError(DefaultOutOfRange.class, "DefaultOutOfRange.rate: the default '2' does not fit: parameter "
                + "'rate' is 2.0, out of range; use a value in [0, 1]");
        assertDeclarationError(RangeOnAWord.class, "RangeOnAWord.word is not a number; remove min and max");
        assertDeclarationError(ChoicesOnAnEnum.class, "ChoicesOnAnEnum.kind is an enum: its constants are the choices");
        assertDeclarationError(DeclaredTwice.class, "DeclaredTwice declares parameter 'learningRate' twice");
        assertDeclarationError(UnknownGroupDefault.class, "Shared has no parameter [learningrate] to set a default for; "
                + "it declares [learningRate, optimizer]");
    }

    private static void assertDeclarationError(Class<? extends Record> type, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParameterSet.of(type));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void readingParametersResolvedForAnotherPluginSaysWhatIsMissing() {
        Parameters other = Parameters.resolve("other", ParameterSet.of(Shared.class).descriptors(), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RULE.read(other));
        assertTrue(e.getMessage().startsWith("no parameter 'window' among [learningRate, optimizer]"), e.getMessage());
    }
}

package org.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.engram.api.PluginKind;
import org.engram.api.engine.Engine;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.PluginInfo;
import org.engram.api.engine.TrialCheckpoints;
import org.engram.api.engine.TrialListener;
import org.engram.api.engine.TrialProblem;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;

class CliTest {

    /** The parameters of the fake tanh model, declared as a plugin declares them. */
    record TanhSettings(@Parameter(defaultValue = "0.0", min = 0, max = 1, description = "noise amplitude") double rateNoise) {
    }

    /** Knows two plugins; records the last trial it was asked to run. */
    static final class FakeEngine implements Engine {
        TrialSpec last;

        public List<PluginInfo> plugins() {
            return List.of(
                    new PluginInfo(PluginKind.NEURON, "tanh", "tanh rate units", "org.engram.neuron.rate", "0.1.0",
                            ParameterSet.of(TanhSettings.class).descriptors()),
                    new PluginInfo(PluginKind.BACKEND, "java", "pure Java", "org.engram.compute.java", "0.1.0", List.of()));
        }

        public Optional<PluginInfo> plugin(PluginKind kind, String name) {
            return plugins().stream().filter(p -> p.kind() == kind && p.name().equals(name)).findFirst();
        }

        public void validate(TrialSpec spec) throws InvalidTrialException {
            if (spec.epochs() < 1) {
                throw new InvalidTrialException(spec.name(), "epochs is " + spec.epochs() + "; a trial needs at least 1 epoch");
            }
        }

        @Override
        public int checkpointEpoch(byte[] state) {
            throw new UnsupportedOperationException("this engine keeps no checkpoints");
        }

        public TrialResult run(TrialSpec spec, TrialListener listener, TrialCheckpoints checkpoints)
                throws InvalidTrialException {
            return run(spec, listener);
        }

        public TrialResult run(TrialSpec spec, TrialListener listener) throws InvalidTrialException {
            last = spec;
            if (spec.rule().equals("nope")) {
                throw new InvalidTrialException(spec.name(), List.of(TrialProblem.unknownPlugin(PluginKind.RULE, "nope",
                        TrialProblem.NO_LAYER, "backprop")));
            }
            EpochResult e = new EpochResult(1, 0.5, 0.75, Map.of(), 0.1);
            listener.epochDone(e);
            return new TrialResult(spec, List.of(e), Map.of("seed", "7"));
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final FakeEngine engine = new FakeEngine();

    private int run(String... args) {
        return Cli.execute(engine, new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void pluginsListsKindNameBundleVersion() {
        assertEquals(0, run("plugins"));
        assertTrue(out.toString().contains("backend  java  org.engram.compute.java  0.1.0    pure Java"), out.toString());
        assertTrue(out.toString().contains("2 plugins"));
    }

    @Test
    void describeShowsEveryParameter() {
        assertEquals(0, run("describe", "neuron", "tanh"));
        assertTrue(out.toString().contains("rateNoise  real  0.0      [0, 1]  noise amplitude"), out.toString());
    }

    @Test
    void describeUnknownPluginIsAUsageErrorListingTheAvailableOnes() {
        assertEquals(2, run("describe", "rule", "hebb"));
        assertTrue(err.toString().contains("no rule named 'hebb'; available: []"), err.toString());
        assertEquals(2, run("describe", "rules2", "x"));
        assertTrue(err.toString().contains("unknown plugin kind 'rules2'; use one of: dataset, neuron, rule, memory, backend"));
    }

    @Test
    void trialBuildsTheSpecFromOptions() {
        assertEquals(0, run("trial", "--dataset", "xor", "--layers", "10:tanh,2:linear", "--rule", "backprop",
                "--epochs", "1", "--seed", "7", "-R", "learningRate=0.01", "-N", "rateNoise=0.05", "-q"));
        assertEquals(List.of(10, 2), engine.last.layers().stream().map(l -> l.size()).toList());
        assertEquals(Map.of("rateNoise", "0.05"), engine.last.layers().get(0).neuronParameters());
        assertEquals(Map.of(), engine.last.layers().get(1).neuronParameters(), "linear has no rateNoise");
        assertEquals(Map.of("learningRate", "0.01"), engine.last.ruleParameters());
        assertTrue(out.toString().contains("final test accuracy 75.00%"), out.toString());
    }

    @Test
    void invalidTrialFailsWithTheEnginesMessage() {
        assertEquals(1, run("trial", "--dataset", "xor", "--layers", "2:linear", "--rule", "nope"));
        assertTrue(err.toString().contains("unknown rule 'nope'; available: backprop"), err.toString());
    }

    @Test
    void anUnknownCommandIsNamedWithTheCommandsThereAreAndASuggestion() {
        assertEquals(2, run("plugin"));
        String e = err.toString();
        assertTrue(e.startsWith("engram: unknown command 'plugin'; the commands are help, run, resume, replay, submit, status, "
                + "collect, plugins, describe, trial and shell\n"), e);
        assertTrue(e.contains("Did you mean: engram plugins or engram replay?"), e);
        assertTrue(e.endsWith("Usage: engram [-hV] [COMMAND]\nTry 'engram --help' for more.\n"), e);
    }

    @Test
    void aMissingArgumentNamesItAndShowsTheSynopsis() {
        assertEquals(2, run("describe", "rule"));
        assertEquals("engram describe: Missing required parameter: 'NAME'\nUsage: engram describe [-h] KIND NAME\n"
                + "Try 'engram describe --help' for more.\n", err.toString());
    }

    @Test
    void badLayerSyntaxIsAUsageError() {
        assertEquals(2, run("trial", "--dataset", "xor", "--layers", "ten:tanh", "--rule", "backprop"));
        assertTrue(err.toString().contains("layer 'ten:tanh' is neither SIZE:NEURON nor CONNECTIVITY[/key=value...]:NEURON; "
                + "write e.g. 128:relu-layernorm or conv2d/channels=16:relu-layernorm (connectivities: none installed)"),
                err.toString());
    }

    /** What the engine refuses before running (here --epochs -1) is a usage error, exit 2, as an invalid study is. */
    @Test
    void aTrialTheEngineRefusesBeforeRunningExitsTwo() {
        assertEquals(2, run("trial", "--dataset", "xor", "--layers", "2:tanh", "--rule", "backprop", "--epochs", "-1"));
        assertEquals("engram trial: trial 'trial' is invalid:\n  - epochs is -1; a trial needs at least 1 epoch\n"
                + "Try 'engram trial --help' for more.\n", err.toString());
        assertEquals(null, engine.last, "nothing ran");
    }

    @Test
    void everyCommandTakesHelpAsAnOption() {
        for (String command : List.of("run", "trial", "resume", "replay", "plugins")) {
            out.getBuffer().setLength(0);
            assertEquals(0, run(command, "--help"), command + ": " + err);
            // the command's one-line summary, then its usage
            assertTrue(("\n" + out).contains("\nUsage: engram " + command), out.toString());
            assertTrue(out.toString().contains("-h, --help"), out.toString());
        }
        assertEquals("", err.toString());
    }

    @Test
    void helpListsEveryCommandWithAWholeSentence() {
        assertEquals(0, run("--help"));
        String commands = out.toString().substring(out.toString().indexOf("Commands:\n") + "Commands:\n".length());
        // an entry is a line starting with two spaces and a name, then its wrapped lines
        String[] entries = commands.split("\n(?=  [a-z])");
        assertTrue(entries.length >= 10, commands);
        for (String entry : entries) {
            String summary = entry.strip().replaceAll("\\s+", " ");
            assertTrue(summary.endsWith("."), "cut mid-sentence: " + summary);
        }
    }
}

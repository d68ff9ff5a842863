package org.engram.cli;

import java.io.PrintWriter;
import org.engram.api.engine.Engine;
import org.engram.api.study.StudyService;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code engram} command line: builds the picocli command tree around an engine and runs one command. */
public final class Cli {

    private Cli() {
    }

    /** The top-level command; it only holds the subcommands. */
    @Command(name = "engram", mixinStandardHelpOptions = true, version = "Engram 0.1.0",
            description = "Biologically plausible learning rules on OSGi: run studies, list and describe plugins.",
            subcommands = CommandLine.HelpCommand.class,
            footer = {"", "  shell     The Gogo shell, with engram:run, engram:resume, engram:replay,",
                "              engram:submit, engram:status, engram:collect, engram:plugins,",
                "              engram:describe, engram:trial, lb and scr:list; jars dropped",
                "              into plugins/ appear without a restart."})
    static final class Root implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command; try 'engram plugins'");
        }
    }

    /** Builds the command tree; {@code out}/{@code err} receive everything the commands print. */
    public static CommandLine commandLine(Engine engine, PrintWriter out, PrintWriter err) {
        return commandLine(engine, null, out, err);
    }

    /** As above; {@code studies} may be null when the study bundle is absent, and run/resume/replay then say so. */
    public static CommandLine commandLine(Engine engine, StudyService studies, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Root());
        cl.addSubcommand("run", new RunCommand(studies));
        cl.addSubcommand("resume", new ResumeCommand(studies));
        cl.addSubcommand("replay", new ReplayCommand(studies));
        cl.addSubcommand("submit", new SubmitCommand(studies, () -> System.getProperty("engram.home"),
                () -> System.getenv("PATH")));
        cl.addSubcommand("status", new StatusCommand(studies));
        cl.addSubcommand("collect", new CollectCommand(studies));
        cl.addSubcommand("plugins", new PluginsCommand(engine));
        cl.addSubcommand("describe", new DescribeCommand(engine));
        cl.addSubcommand("trial", new TrialCommand(engine));
        for (CommandLine command : cl.getSubcommands().values()) {
            // 'engram run --help' as well as 'engram help run': the help, exit code 0
            if (!command.getCommandSpec().optionsMap().containsKey("--help")) {
                command.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Show this help and exit.").build());
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Cli::usageError);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("engram: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            line.getErr().flush();
            return 1;
        });
        return cl;
    }

    /**
     * A command line that cannot be parsed: the problem in one line, picocli's "did you mean", the command's
     * synopsis and where its help is; exit code 2.
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        boolean root = cl.getCommandSpec().parent() == null;
        String message = ex.getMessage();
        if (root && ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command '" + u.getUnmatched().get(0) + "'; the commands are "
                    + String.join(", ", cl.getSubcommands().keySet()) + " and shell";
        }
        String command = cl.getCommandSpec().qualifiedName();
        err.println(command + ": " + message);
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.print("Usage: " + cl.getHelp().synopsis(0));
        err.println("Try '" + command + " --help' for more.");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Runs one command line and returns its exit code: 0 success, 1 failure, 2 usage error. */
    public static int execute(Engine engine, PrintWriter out, PrintWriter err, String... args) {
        return execute(engine, null, out, err, args);
    }

    /** As above, with the study service for run, resume and replay (null if absent). */
    public static int execute(Engine engine, StudyService studies, PrintWriter out, PrintWriter err, String... args) {
        int code = commandLine(engine, studies, out, err).execute(args);
        out.flush();
        err.flush();
        return code;
    }
}

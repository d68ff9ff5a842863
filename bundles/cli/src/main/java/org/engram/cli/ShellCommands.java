package org.engram.cli;

import java.io.PrintWriter;
import org.engram.api.engine.Engine;
import org.engram.api.study.StudyService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code engram:} commands of the Gogo shell. Gogo finds them by the {@code osgi.command.*} service
 * properties alone, so this bundle needs no Gogo import and works without a shell installed.
 */
@Component(service = ShellCommands.class, property = {"osgi.command.scope=engram", "osgi.command.function=plugins",
    "osgi.command.function=describe", "osgi.command.function=trial", "osgi.command.function=run",
    "osgi.command.function=resume", "osgi.command.function=replay", "osgi.command.function=submit",
    "osgi.command.function=status", "osgi.command.function=collect", "osgi.command.function=exit"})
public final class ShellCommands {
    private final Engine engine;
    private final BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StudyService studies;

    @Activate
    public ShellCommands(@Reference Engine engine, BundleContext context) {
        this.engine = engine;
        this.context = context;
    }

    /** {@code engram:plugins}: every discovered plugin. */
    public void plugins() {
        execute("plugins");
    }

    /** {@code engram:describe KIND NAME}: a plugin's parameters. */
    public void describe(String kind, String name) {
        execute("describe", kind, name);
    }

    /** {@code engram:trial --dataset ... --layers ... --rule ...}: one trial. */
    public void trial(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "trial";
        System.arraycopy(args, 0, all, 1, args.length);
        execute(all);
    }

    /** {@code engram:run STUDY [--runs DIR] [-q]}: a study. */
    public void run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        execute(all);
    }

    /** {@code engram:resume RUN_FOLDER}: the unfinished trials of a run. */
    public void resume(String folder) {
        execute("resume", folder);
    }

    /** {@code engram:replay PROVENANCE [--epochs K] [--tolerance X] [--out DIR] [-q]}: a trial again, checked. */
    public void replay(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        execute(all);
    }

    /** {@code engram:submit STUDY --slurm [...]}: a study as a Slurm job array. */
    public void submit(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "submit";
        System.arraycopy(args, 0, all, 1, args.length);
        execute(all);
    }

    /** {@code engram:status RUN_FOLDER}: where each trial stands. */
    public void status(String folder) {
        execute("status", folder);
    }

    /** {@code engram:collect RUN_FOLDER}: the summary and plots of what finished. */
    public void collect(String folder) {
        execute("collect", folder);
    }

    /**
     * {@code exit}: leaves the shell. Gogo's own {@code exit} is {@code System.exit(int)} and refuses to run
     * without a number; this one stops the framework, so the launcher shuts down as after Ctrl-D.
     */
    public void exit() throws BundleException {
        exit(0);
    }

    /**
     * {@code exit CODE}: leaves the shell with that exit status. The launcher reads it from the system property
     * {@value #EXIT_STATUS} once the framework has stopped (the one channel both sides of the framework share).
     */
    public void exit(int code) throws BundleException {
        System.setProperty(EXIT_STATUS, Integer.toString(code));
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).stop();
    }

    /** The system property that carries {@code exit CODE}'s status to the launcher. */
    public static final String EXIT_STATUS = "engram.shell.exit";

    private void execute(String... args) {
        // Gogo swaps System.out per session, so read it at call time.
        Cli.execute(engine, studies, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }
}

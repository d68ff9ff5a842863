package org.engram.cli;

import java.io.PrintWriter;
import org.engram.api.engine.Engine;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code engram:} commands of the Gogo shell. Gogo finds them by the {@code osgi.command.*} service
 * properties alone, so this bundle needs no Gogo import and works without a shell installed.
 */
@Component(service = ShellCommands.class, property = {"osgi.command.scope=engram", "osgi.command.function=plugins",
    "osgi.command.function=describe", "osgi.command.function=trial"})
public final class ShellCommands {
    private final Engine engine;

    @Activate
    public ShellCommands(@Reference Engine engine) {
        this.engine = engine;
    }

    /** {@code engram:plugins}: every discovered plugin. */
    public void plugins() {
        run("plugins");
    }

    /** {@code engram:describe KIND NAME}: a plugin's parameters. */
    public void describe(String kind, String name) {
        run("describe", kind, name);
    }

    /** {@code engram:trial --dataset ... --layers ... --rule ...}: one trial. */
    public void trial(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "trial";
        System.arraycopy(args, 0, all, 1, args.length);
        run(all);
    }

    private void run(String... args) {
        // Gogo swaps System.out per session, so read it at call time.
        Cli.execute(engine, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }
}

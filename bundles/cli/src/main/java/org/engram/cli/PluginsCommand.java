package org.engram.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.engram.api.engine.Engine;
import org.engram.api.engine.PluginInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plugins", description = "List every discovered plugin: kind, name, bundle, version.")
final class PluginsCommand implements Runnable {
    private final Engine engine;

    @Spec
    CommandSpec spec;

    PluginsCommand(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KIND", "NAME", "BUNDLE", "VERSION", "DESCRIPTION"});
        for (PluginInfo p : engine.plugins()) {
            rows.add(new String[] {p.kind().word(), p.name(), p.bundle(), p.version(), p.description()});
        }
        Table.print(out, rows);
        out.println(engine.plugins().size() + " plugins");
    }
}

package org.engram.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.engram.api.PluginKind;
import org.engram.api.engine.Engine;
import org.engram.api.engine.PluginInfo;
import org.engram.api.param.ParameterDescriptor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "describe", description = "Show a plugin's parameters: name, type, default, range, meaning.")
final class DescribeCommand implements Runnable {
    private final Engine engine;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "dataset, neuron, rule, memory or backend")
    String kind;

    @Parameters(index = "1", paramLabel = "NAME", description = "the plugin's name, as 'engram plugins' lists it")
    String name;

    DescribeCommand(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void run() {
        PluginKind k;
        try {
            k = PluginKind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PluginInfo p = engine.plugin(k, name).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "no " + k.word() + " named '" + name + "'; available: " + engine.plugins().stream()
                        .filter(i -> i.kind() == k).map(PluginInfo::name).toList()));
        PrintWriter out = spec.commandLine().getOut();
        out.println(k.word() + " " + p.name() + " -- " + p.description());
        out.println("bundle " + p.bundle() + " " + p.version());
        if (p.parameters().isEmpty()) {
            out.println("no parameters");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PARAMETER", "TYPE", "DEFAULT", "RANGE", "MEANING"});
        for (ParameterDescriptor d : p.parameters()) {
            rows.add(new String[] {d.name(), d.type().name().toLowerCase(java.util.Locale.ROOT), String.valueOf(d.defaultValue()),
                d.range(), d.description()});
        }
        Table.print(out, rows);
    }
}

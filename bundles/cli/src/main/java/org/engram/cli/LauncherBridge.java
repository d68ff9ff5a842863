package org.engram.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.engram.api.engine.Engine;
import org.engram.api.study.StudyService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The in-framework side of {@code bin/engram}: the launcher registers an {@link IntConsumer} (a JDK type,
 * so no class space is shared) with the command line in its {@code engram.args} property once every
 * bundle has started; this component runs that command and hands the exit code back through it.
 */
@Component(immediate = true)
public final class LauncherBridge {

    /** Service property marking the launcher's exit-code callback. */
    static final String LAUNCHER_PROPERTY = "engram.launcher";
    /** Service property holding the command-line arguments as {@code String[]}. */
    static final String ARGS_PROPERTY = "engram.args";
    /** Framework property naming the launcher's log file, where Declarative Services' stack traces go. */
    static final String LOG_PROPERTY = "engram.log";

    private final Engine engine;
    private final BundleContext context;
    private volatile Thread running;

    /** Optional: to name the plugin components that failed to activate before a command runs without them. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ServiceComponentRuntime scr;

    /** Optional, so that plugins/describe/trial work without the study bundle; greedy, so it binds when it comes. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StudyService studies;

    @Activate
    public LauncherBridge(BundleContext context, @Reference Engine engine) {
        this.context = context;
        this.engine = engine;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(" + LAUNCHER_PROPERTY + "=true)")
    void bindLauncher(IntConsumer exit, Map<String, Object> properties) {
        String[] args = properties.get(ARGS_PROPERTY) instanceof String[] a ? a : new String[0];
        // Off the framework thread: a command may run for hours and must not block service events.
        Thread t = new Thread(() -> {
            int code;
            try {
                ServiceComponentRuntime runtime = scr;
                if (runtime != null) {
                    failedComponents(runtime, context).forEach(System.err::println);
                }
                code = Cli.execute(engine, studies, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                        args);
            } catch (RuntimeException | Error e) {
                System.err.println("engram: " + e);
                code = 1;
            }
            exit.accept(code);
        }, "engram-command");
        running = t;
        t.start();
    }

    /**
     * One line per component whose activation threw (Declarative Services logs the stack trace, which the launcher
     * sends to its log file; this says what it means and names the file): the plugins it would provide are missing,
     * and what to do.
     */
    static List<String> failedComponents(ServiceComponentRuntime scr, BundleContext context) {
        List<String> out = new ArrayList<>();
        // the launcher sends Declarative Services' messages, stack traces and all, to this file rather than to stderr
        String log = context == null ? null : context.getProperty(LOG_PROPERTY);
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    Bundle b = context == null ? null : context.getBundle(d.bundle.id);
                    String failure = c.failure == null ? "" : c.failure.lines().findFirst().orElse("").trim();
                    out.add("engram: component " + d.name + " of bundle " + d.bundle.symbolicName + " " + d.bundle.version
                            + (b == null ? "" : " (" + b.getLocation().replaceFirst("^reference:", "") + ")")
                            + " failed to activate" + (failure.isEmpty() ? "" : ": " + failure)
                            + "; what it provides is missing: report it to the plugin's author, or remove the bundle"
                            + (log == null ? "" : " (the stack trace is in " + log + ")"));
                }
            }
        }
        return out;
    }

    /**
     * The launcher withdraws the command to stop it (Ctrl-C, SIGTERM) or as it shuts down: the command's thread is
     * interrupted, so a study stops its trials at their next learning step, writes what they did and answers.
     */
    void unbindLauncher(IntConsumer exit) {
        Thread t = running;
        if (t != null) {
            t.interrupt();
        }
    }

    @Deactivate
    void deactivate() {
        Thread t = running;
        if (t != null) {
            t.interrupt();
        }
    }
}

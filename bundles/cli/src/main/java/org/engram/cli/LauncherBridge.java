package org.engram.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.IntConsumer;
import org.engram.api.engine.Engine;
import org.engram.api.study.StudyService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

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

    private final Engine engine;
    private volatile Thread running;

    /** Optional, so that plugins/describe/trial work without the study bundle; greedy, so it binds when it comes. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StudyService studies;

    @Activate
    public LauncherBridge(@Reference Engine engine) {
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

    void unbindLauncher(IntConsumer exit) {
        // The launcher only unregisters on shutdown; nothing to undo.
    }

    @Deactivate
    void deactivate() {
        Thread t = running;
        if (t != null) {
            t.interrupt();
        }
    }
}

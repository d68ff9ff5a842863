package org.engram.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The {@code engram} command: boots Felix on the bundles of an Engram installation and hands the
 * command line to the {@code org.engram.cli} bundle.
 *
 * <p>The protocol with that bundle, for every command but {@code shell}: once every bundle of
 * {@code bundle/} and {@code plugins/} is started, the system bundle registers an
 * {@link IntConsumer} with the service properties {@code engram.launcher=true} and
 * {@code engram.args=<String[] of the arguments>}. The CLI bundle takes that service, runs the
 * command, writing to {@code System.out}/{@code System.err}, and calls {@code accept(exitCode)}
 * once. The launcher then stops the framework and exits with that code. If no bundle takes the
 * service within 60 s it exits with 2.
 *
 * <p>{@code engram shell} also starts the Gogo console and FileInstall (watching {@code plugins/},
 * which FileInstall then owns), registers nothing, and exits 0 when the framework stops (the
 * console stops it on {@code exit} or at the end of its input).
 *
 * <p>A jar that cannot be installed or started is reported on stderr and skipped: a broken
 * plugin never takes the others down.
 */
public final class Main {

    /** The command that opens the Gogo console instead of running one command. */
    static final String SHELL = "shell";

    /** What only the console needs: Gogo's console reads stdin, FileInstall watches {@code plugins/}. */
    static final Set<String> SHELL_ONLY = Set.of("org.apache.felix.gogo.shell", "org.apache.felix.fileinstall");

    static final String LAUNCHER_PROPERTY = "engram.launcher";
    static final String ARGS_PROPERTY = "engram.args";
    /** Framework property: the file Declarative Services' messages and stack traces go to ({@link DsLog}). */
    static final String LOG_PROPERTY = "engram.log";
    /** The log's name in the folder that holds the framework storage (the installation's {@code cache/}). */
    static final String LOG_FILE = "engram.log";

    /** The command line bundle did not take the command. */
    static final int EXIT_NO_ANSWER = 2;
    /** The framework could not start, or stopped before the command answered. */
    static final int EXIT_FAILED = 1;

    /** Added to a signal's number for the exit code, as shells report a process a signal ended: 130, 143. */
    static final int EXIT_SIGNAL_BASE = 128;
    /** The signals that stop a command gently: Ctrl-C, and what kill, systemd and Slurm send. */
    static final List<String> STOP_SIGNALS = List.of("INT", "TERM");

    static final Duration PICKUP_TIMEOUT = Duration.ofSeconds(60);
    /** How long a signalled command may take to stop its trials and write what they did before the framework stops. */
    static final Duration SIGNAL_STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 200;

    private final Path home;
    private final PrintStream err;
    private final Duration pickupTimeout;
    /** Set by the shutdown hook: the framework is being stopped on purpose (a second signal, System.exit). */
    private volatile boolean shuttingDown;
    /** The number of the first stop signal received (2 for SIGINT, 15 for SIGTERM), or 0. */
    private volatile int stopSignal;
    /** The command offered to the CLI bundle; withdrawn on a stop signal, which tells the command to stop. */
    private volatile ServiceRegistration<IntConsumer> command;

    Main(Path home, PrintStream err, Duration pickupTimeout) {
        this.home = home;
        this.err = err;
        this.pickupTimeout = pickupTimeout;
    }

    public static void main(String[] args) {
        // before any bundle runs: a plugin's System.exit then throws in the plugin, failing its trial alone
        ExitGuard.install();
        int code;
        try {
            code = new Main(locateHome(), System.err, PICKUP_TIMEOUT).run(args);
        } catch (Exception e) {
            System.err.println("engram: " + reason(e));
            code = EXIT_FAILED;
        }
        System.out.flush();
        System.exit(code);
    }

    /**
     * The installation folder: {@code -Dengram.home} if set, else the folder above the {@code lib/}
     * that holds this launcher's jar.
     */
    static Path locateHome() throws URISyntaxException {
        String configured = System.getProperty("engram.home");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent().getParent();
    }

    /** Runs one command in a fresh framework and returns the process exit code. */
    int run(String[] args) throws Exception {
        boolean shell = args.length > 0 && SHELL.equals(args[0]);
        if (!Files.isDirectory(home.resolve("bundle"))) {
            throw new IllegalStateException("no bundle/ folder in " + home + "; set -Dengram.home to an Engram installation");
        }
        FrameworkStorage storage = FrameworkStorage.create(home.resolve("cache"));
        PrintStream stderr = System.err;
        DsLog dsLog = new DsLog(stderr, storage.root().resolve(LOG_FILE));
        Framework framework;
        try {
            framework = newFramework(frameworkProperties(storage, shell, dsLog.file()));
        } catch (Exception | Error e) {
            storage.close();
            throw e;
        }
        System.setErr(dsLog);
        // Ctrl-C, or a bundle calling System.exit: stop the bundles cleanly and delete the storage.
        Thread cleanup = new Thread(() -> {
            shuttingDown = true;
            stop(framework);
            storage.close();
        }, "engram-shutdown");
        Runtime.getRuntime().addShutdownHook(cleanup);
        if (!shell) {
            handleStopSignals();
        }
        try {
            framework.start();
            startAll(framework, install(framework.getBundleContext(), shell));
            if (shell) {
                reportDroppedPluginsThatCannotStart(framework);
            }
            return shell ? awaitStop(framework) : runCommand(framework, args);
        } finally {
            int logged = dsLog.count();
            stop(framework);
            // what went wrong as the plugins stopped (a deactivate method that threw): one line each
            dsLog.summary(logged).forEach(err::println);
            System.setErr(stderr);
            storage.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs, harmlessly, a second time
            }
        }
    }

    Map<String, String> frameworkProperties(FrameworkStorage storage, boolean shell, Path log) throws IOException {
        Map<String, String> props = new HashMap<>(userProperties());
        props.put(LOG_PROPERTY, log.toString());
        if (shell) {
            Path plugins = home.resolve("plugins");
            // FileInstall's own temporary folder goes with this process's storage: gone at exit, and a kill -9's is
            // deleted by the next launch, where in the system's temp folder it would stay for ever
            props.put("felix.fileinstall.tmpdir", Files.createDirectories(storage.runDir().resolve("fileinstall")).toString());
            props.putIfAbsent("felix.fileinstall.dir", plugins.toString());
            props.putIfAbsent("felix.fileinstall.poll", "1000");
            props.putIfAbsent("felix.fileinstall.noInitialDelay", "true");
            props.putIfAbsent("felix.fileinstall.bundles.new.start", "true");
            // Engram's Gogo profile (conf/gogo/etc/gosh_profile), not one in whatever folder the user is in
            props.putIfAbsent("gosh.home", home.resolve("conf").resolve("gogo").toString());
        }
        props.put(Constants.FRAMEWORK_STORAGE, storage.frameworkDir().toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        return props;
    }

    /** Framework properties from {@code conf/engram.properties}, if the installation has one. */
    private Map<String, String> userProperties() throws IOException {
        Path file = home.resolve("conf").resolve("engram.properties");
        Map<String, String> out = new HashMap<>();
        if (Files.isRegularFile(file)) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
            props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k)));
        }
        return out;
    }

    private static Framework newFramework(Map<String, String> props) {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, Main.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path; is lib/ complete?"));
        return factory.newFramework(props);
    }

    private record Installed(BundleJar jar, Bundle bundle) {
    }

    /** Installs every bundle in place ({@code reference:}), so the framework storage holds no copies of big jars. */
    private List<Installed> install(BundleContext context, boolean shell) throws IOException {
        List<Path> jars = new ArrayList<>(BundleJar.jarsIn(home.resolve("bundle")));
        if (!shell) {
            jars.addAll(BundleJar.jarsIn(home.resolve("plugins")));
        }
        List<Installed> installed = new ArrayList<>();
        for (Path path : jars) {
            BundleJar jar;
            try {
                jar = BundleJar.read(path);
            } catch (IOException | RuntimeException e) {
                report(path, "cannot read it (" + reason(e) + "): it is no valid jar; replace it with the plugin's "
                        + "built jar or remove it", null);
                continue;
            }
            if (jar.symbolicName() == null) {
                report(path, "is not a bundle (no Bundle-SymbolicName in its manifest): only OSGi bundles can be "
                        + "plugins; build it with bnd as README.md's 'Writing a plugin' shows, or remove it", null);
                continue;
            }
            if (!shell && SHELL_ONLY.contains(jar.symbolicName())) {
                continue;
            }
            try {
                installed.add(new Installed(jar, context.installBundle("reference:" + path.toUri())));
            } catch (BundleException | RuntimeException e) {
                report(path, "cannot install it: " + reason(e) + "; remove it, or the jar it duplicates", null);
            }
        }
        return installed;
    }

    private void startAll(Framework framework, List<Installed> installed) {
        // Resolve together first, so that the order of the jars never matters.
        List<Bundle> bundles = installed.stream().map(Installed::bundle).toList();
        framework.adapt(FrameworkWiring.class).resolveBundles(bundles);
        // The console last: it runs piped commands at once, and stops the framework at their end.
        List<Installed> order = new ArrayList<>(installed);
        order.sort(Comparator.comparing(i -> SHELL_ONLY.contains(i.jar().symbolicName())));
        for (Installed i : order) {
            if (i.jar().fragment()) {
                if (i.bundle().getState() == Bundle.INSTALLED) {
                    report(i.jar().path(), "fragment " + i.jar().symbolicName() + " could not attach to its host", null);
                }
                continue;
            }
            try {
                i.bundle().start();
            } catch (BundleException | RuntimeException e) {
                report(i.jar().path(), "cannot start " + i.jar().symbolicName() + " " + i.bundle().getVersion() + ": "
                        + whyNotStarted(framework, e), null);
            }
        }
    }

    /** How long after FileInstall installs a dropped jar it is checked: FileInstall starts it on the same poll. */
    private static final Duration DROPPED_PLUGIN_CHECK = Duration.ofSeconds(2);

    /**
     * In the shell FileInstall installs and starts the jars dropped into plugins/, and says nothing of one that
     * cannot start: {@code lb} shows it Installed and {@code engram:plugins} leaves it out. This names such a jar
     * and why, in the words a command uses for it at launch.
     */
    private void reportDroppedPluginsThatCannotStart(Framework framework) {
        Path plugins = home.resolve("plugins").toAbsolutePath().normalize();
        ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "engram-plugin-check");
            t.setDaemon(true);
            return t;
        });
        framework.getBundleContext().addBundleListener(event -> {
            Path jar = fileOf(event.getBundle());
            if ((event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED) && jar != null
                    && jar.startsWith(plugins)) {
                checks.schedule(() -> explainIfNotStarted(framework, event.getBundle(), jar),
                        DROPPED_PLUGIN_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void explainIfNotStarted(Framework framework, Bundle bundle, Path jar) {
        if (bundle.getState() != Bundle.INSTALLED || bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return;
        }
        try {
            // the attempt FileInstall made, again, for the reason it kept to itself
            bundle.start(Bundle.START_TRANSIENT);
        } catch (BundleException | RuntimeException e) {
            report(jar, "cannot start " + bundle.getSymbolicName() + " " + bundle.getVersion() + ": "
                    + whyNotStarted(framework, e), null);
        }
    }

    /** The file a bundle was installed from, for FileInstall's {@code file:} locations; null for others. */
    private static Path fileOf(Bundle bundle) {
        String location = bundle.getLocation();
        if (!location.startsWith("file:")) {
            return null;
        }
        try {
            return Path.of(new URI(location)).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Ctrl-C and SIGTERM stop a command gently: the command is withdrawn from the CLI bundle, whose command thread is
     * then interrupted; a study stops its trials at their next learning step, each keeping its last checkpoint and
     * marked interrupted, writes its summary and says how to resume; then the framework stops, and the process exits
     * with 128 + the signal's number. Without this, the JVM would stop the framework at once, and trials would lose
     * their plugins in the middle of a step and report a plugin swap. A second signal stops at once.
     */
    private void handleStopSignals() {
        for (String name : STOP_SIGNALS) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), this::stopGently);
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal for itself (e.g. -Xrs): its default, an immediate shutdown, stays
            }
        }
    }

    private void stopGently(sun.misc.Signal signal) {
        if (stopSignal != 0) {
            err.println("engram: SIG" + signal.getName() + " again: stopping now; the trials keep their last checkpoint");
            System.exit(EXIT_SIGNAL_BASE + signal.getNumber()); // the shutdown hook stops the framework
        }
        stopSignal = signal.getNumber();
        err.println("engram: SIG" + signal.getName() + " received: stopping the trials at their next learning step; each "
                + "keeps its last epoch's checkpoint (" + (signal.getName().equals("INT") ? "Ctrl-C" : "SIGTERM")
                + " again stops at once)");
        withdrawCommand();
    }

    private void withdrawCommand() {
        ServiceRegistration<IntConsumer> r = command;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already withdrawn: the framework is stopping anyway
            }
        }
    }

    /** The exit code of a command, or 128 + the signal's number when a stop signal ended it. */
    private int exitCode(int commandExitCode) {
        return stopSignal != 0 ? EXIT_SIGNAL_BASE + stopSignal : commandExitCode;
    }

    /** Offers the command to the CLI bundle and waits for its exit code. */
    private int runCommand(Framework framework, String[] args) throws InterruptedException {
        CommandCall call = new CommandCall();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(LAUNCHER_PROPERTY, Boolean.TRUE);
        props.put(ARGS_PROPERTY, args.clone());
        command = framework.getBundleContext().registerService(IntConsumer.class, call, props);
        if (stopSignal != 0) {
            // signalled while the bundles started: nothing ran
            withdrawCommand();
            return exitCode(EXIT_FAILED);
        }
        long pickupDeadline = System.nanoTime() + pickupTimeout.toNanos();
        long signalled = 0;
        while (true) {
            Integer code = call.exitCode(POLL_MILLIS);
            if (code != null) {
                return exitCode(code);
            }
            if (stopSignal != 0) {
                signalled = signalled == 0 ? System.nanoTime() : signalled;
                if (System.nanoTime() - signalled > SIGNAL_STOP_TIMEOUT.toNanos()) {
                    err.println("engram: the command did not stop within " + SIGNAL_STOP_TIMEOUT.toSeconds() + " s of the "
                            + "signal (a plugin stuck in its own code?); stopping now: engram resume continues the trials "
                            + "from their last checkpoints");
                    return exitCode(EXIT_FAILED);
                }
                if (!call.taken()) {
                    return exitCode(EXIT_FAILED);
                }
            }
            if (framework.getState() != Bundle.ACTIVE) {
                if (!shuttingDown && stopSignal == 0) {
                    err.println("engram: the framework stopped before the command finished");
                }
                return exitCode(EXIT_FAILED);
            }
            if (!call.taken() && System.nanoTime() - pickupDeadline > 0) {
                err.println("engram: no org.engram.cli bundle answered; is it in bundle/?");
                return EXIT_NO_ANSWER;
            }
        }
    }

    private static int awaitStop(Framework framework) throws InterruptedException {
        framework.waitForStop(0);
        // set by the shell's exit command (org.engram.cli.ShellCommands); the launcher does not see that bundle's classes
        return Integer.getInteger("engram.shell.exit", 0);
    }

    private static void stop(Framework framework) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
                framework.stop();
                framework.waitForStop(STOP_TIMEOUT.toMillis());
            }
        } catch (BundleException | RuntimeException e) {
            System.err.println("engram: stopping the framework failed: " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Pattern MISSING_PACKAGE = Pattern.compile(
            "osgi\\.wiring\\.package=([^)\\s]+)\\)(?:\\(version>=([^)]+)\\))?(?:\\(!\\(version>=([^)]+)\\)\\))?");

    /**
     * Why a bundle did not start, in words, with what to do, then the framework's own message: an import no
     * bundle satisfies (the Engram API in another major version being the usual case), or its activator threw.
     */
    static String whyNotStarted(Framework framework, Throwable e) {
        String felix = reason(e);
        Matcher m = MISSING_PACKAGE.matcher(felix);
        if (e instanceof BundleException b && b.getType() == BundleException.RESOLVE_ERROR && m.find()) {
            String pkg = m.group(1);
            String range = m.group(2) == null ? "" : " [" + m.group(2) + ", " + (m.group(3) == null ? "∞" : m.group(3)) + ")";
            List<String> present = exportedVersions(framework, pkg);
            String why;
            if (pkg.startsWith("org.engram.api") && !present.isEmpty()) {
                why = "it was built against another Engram API: it needs " + pkg + range + " but this installation has "
                        + pkg + " " + String.join(", ", present) + "; rebuild it against this installation's API "
                        + "(bundle/org.engram.api-*.jar) or remove it";
            } else if (!present.isEmpty()) {
                why = "it needs package " + pkg + range + " but the bundles here export it only in version "
                        + String.join(", ", present) + "; add a bundle exporting a version it accepts, or remove it";
            } else {
                why = "it needs package " + pkg + range + ", which no installed bundle exports; add the bundle that "
                        + "exports it to plugins/, or remove it";
            }
            return why + " (" + felix + ")";
        }
        if (e instanceof BundleException b && b.getType() == BundleException.ACTIVATOR_ERROR) {
            return "its activator threw: " + felix + "; report it to the plugin's author, or remove it";
        }
        return felix;
    }

    /** The versions in which the installed bundles export a package. */
    private static List<String> exportedVersions(Framework framework, String pkg) {
        List<String> versions = new ArrayList<>();
        for (Bundle b : framework.getBundleContext().getBundles()) {
            BundleRevision revision = b.adapt(BundleRevision.class);
            if (revision == null) {
                continue;
            }
            for (BundleCapability c : revision.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                if (pkg.equals(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                    versions.add(String.valueOf(c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)));
                }
            }
        }
        return versions;
    }

    private void report(Path jar, String what, Throwable e) {
        Path shown = jar.startsWith(home) ? home.relativize(jar) : jar;
        err.println("engram: " + shown + ": " + what + (e == null ? "" : ": " + reason(e)));
    }

    /** The message of an exception and of each of its causes, which is where Felix puts the real reason. */
    static String reason(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getMessage() == null ? e.toString() : e.getMessage());
        for (Throwable c = e.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(": ").append(c);
        }
        return sb.toString();
    }

    /**
     * The service given to the CLI bundle. A factory, so the launcher knows when a bundle has
     * taken the command: a long {@code engram run} answers hours later, an absent CLI never.
     */
    private static final class CommandCall implements ServiceFactory<IntConsumer> {
        private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        private volatile boolean taken;

        @Override
        public IntConsumer getService(Bundle bundle, ServiceRegistration<IntConsumer> registration) {
            taken = true;
            return exitCode::complete; // the first answer wins
        }

        @Override
        public void ungetService(Bundle bundle, ServiceRegistration<IntConsumer> registration, IntConsumer service) {
            // nothing to release
        }

        boolean taken() {
            return taken;
        }

        Integer exitCode(long waitMillis) throws InterruptedException {
            try {
                return exitCode.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return null;
            } catch (ExecutionException e) {
                throw new AssertionError(e); // never completed exceptionally
            }
        }
    }
}

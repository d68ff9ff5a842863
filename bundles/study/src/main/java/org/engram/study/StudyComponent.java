package org.engram.study;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.engram.api.engine.Engine;
import org.engram.api.engine.EpochResult;
import org.engram.api.study.InvalidStudyException;
import org.engram.api.study.Study;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyOutcome;
import org.engram.api.study.StudyService;
import org.engram.api.study.StudyTrial;
import org.engram.api.study.TrialRecord;
import org.engram.api.study.TrialStatus;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The study service: parses and validates study files against the engine's plugins and runs them into
 * run folders. Stateless; each call's state lives in its own {@link StudyParser} or {@link StudyRun}.
 */
@Component(service = StudyService.class)
public final class StudyComponent implements StudyService {

    static final String STUDY_FILE = "study.yaml";
    static final String RESOLVED_FILE = "resolved.yaml";
    static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final Engine engine;
    private final Clock clock;
    private final Supplier<Optional<String>> gitCommit;
    private final AtomicFiles files;
    /** The process's environment: Slurm's job and task ids for the RUNNING markers. */
    private final Function<String, String> environment;
    /** Whether this process is stopping: what fails then is a stop, not a fault of the trial. */
    private final BooleanSupplier stopping;
    /** Whether a bundle (by symbolic name) holds a class (by name): names the plugin a stuck trial is stuck in. */
    private final BiPredicate<String, String> bundleHasClass;
    /** The log service's logger for this component while there is one; a run's warnings go there, else to stderr. */
    @Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Logger logger;

    @Activate
    public StudyComponent(BundleContext context, @Reference Engine engine) {
        this(engine, Clock.systemDefaultZone(), Git::head, AtomicFiles.DISK, System::getenv, frameworkStopping(context),
                bundleHasClass(context));
    }

    /** Outside a framework: the process stops when the JVM shuts down. */
    public StudyComponent(Engine engine) {
        this(engine, Clock.systemDefaultZone(), Git::head);
    }

    StudyComponent(Engine engine, Clock clock, Supplier<Optional<String>> gitCommit) {
        this(engine, clock, gitCommit, AtomicFiles.DISK);
    }

    /** @param files how files are written; tests pass one that runs out of space */
    StudyComponent(Engine engine, Clock clock, Supplier<Optional<String>> gitCommit, AtomicFiles files) {
        this(engine, clock, gitCommit, files, System::getenv);
    }

    /** @param environment the process's environment; tests pass Slurm's variables */
    StudyComponent(Engine engine, Clock clock, Supplier<Optional<String>> gitCommit, AtomicFiles files,
            Function<String, String> environment) {
        this(engine, clock, gitCommit, files, environment, StudyComponent::jvmShuttingDown);
    }

    /** @param stopping whether the process is being stopped; tests stand in for a stopping framework */
    StudyComponent(Engine engine, Clock clock, Supplier<Optional<String>> gitCommit, AtomicFiles files,
            Function<String, String> environment, BooleanSupplier stopping) {
        this(engine, clock, gitCommit, files, environment, stopping, (bundle, className) -> false);
    }

    /** @param bundleHasClass whether a bundle, by symbolic name, holds a class, by name; no bundle outside a framework */
    StudyComponent(Engine engine, Clock clock, Supplier<Optional<String>> gitCommit, AtomicFiles files,
            Function<String, String> environment, BooleanSupplier stopping, BiPredicate<String, String> bundleHasClass) {
        this.bundleHasClass = bundleHasClass;
        this.engine = engine;
        this.clock = clock;
        this.gitCommit = gitCommit;
        this.files = files;
        this.environment = environment;
        this.stopping = stopping;
    }

    /**
     * Whether the framework (the system bundle) is stopping, or the JVM shutting down: on SIGTERM the launcher stops
     * the framework, whose bundles go one by one, so a trial may lose a plugin before its thread is interrupted.
     */
    private static BooleanSupplier frameworkStopping(BundleContext context) {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        return () -> (system != null && system.getState() == Bundle.STOPPING) || jvmShuttingDown();
    }

    /** Whether a bundle of that symbolic name has the class in its own jar (its {@code .class} entry); asked when stuck. */
    private static BiPredicate<String, String> bundleHasClass(BundleContext context) {
        return (symbolicName, className) -> {
            String entry = className.replace('.', '/') + ".class";
            for (Bundle b : context.getBundles()) {
                if (symbolicName.equals(b.getSymbolicName()) && b.getEntry(entry) != null) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Whether the JVM runs its shutdown hooks: then it refuses a new one, the only way Java tells. */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> {
        });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    @Override
    public Study load(Path file) throws InvalidStudyException {
        String text = StudyText.read(file);
        String name = file.getFileName().toString().replaceFirst("\\.(ya?ml)$", "");
        return new StudyParser(engine, file.toString()).parse(text, name);
    }

    @Override
    public Study parse(String text, String source) throws InvalidStudyException {
        // the last part of a path-like source, without Path.of, which refuses some characters
        String name = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1)
                .replaceFirst("\\.(ya?ml)$", "");
        return new StudyParser(engine, source).parse(text, name);
    }

    @Override
    public StudyOutcome run(Study study, Path runsRoot, StudyListener listener) throws IOException {
        Path folder = prepare(study, runsRoot);
        return newRun(study, folder, listener).execute(study.trials(), List.of());
    }

    @Override
    public Path prepare(Study study, Path runsRoot) throws IOException {
        Path folder;
        try {
            folder = newFolder(runsRoot, study.name());
        } catch (IOException e) {
            throw WriteFailures.cannotCreateRunFolder(runsRoot, e);
        }
        try {
            files.write(folder.resolve(STUDY_FILE), study.text());
            files.write(folder.resolve(RESOLVED_FILE), resolvedYaml(study));
        } catch (IOException e) {
            // a folder without its study.yaml can neither be resumed nor read: leave nothing half made
            try {
                deleteTree(folder);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw WriteFailures.cannotCreateRunFolder(runsRoot, e);
        }
        return folder;
    }

    @Override
    public StudyOutcome resume(Path runFolder, StudyListener listener) throws InvalidStudyException, IOException {
        Study study = stored(runFolder);
        AtomicFiles.removeLeftovers(runFolder);
        List<StudyTrial> toRun = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (StudyTrial t : study.trials()) {
            if (StudyRun.isDone(runFolder, t)) {
                skipped.add(t.id());
            } else {
                clearUnfinished(runFolder.resolve(t.id()));
                toRun.add(t);
            }
        }
        if (!Files.isRegularFile(runFolder.resolve(RESOLVED_FILE))) {
            try {
                files.write(runFolder.resolve(RESOLVED_FILE), resolvedYaml(study));
            } catch (IOException e) {
                throw WriteFailures.cannotWrite(runFolder.resolve(RESOLVED_FILE), runFolder, e);
            }
        }
        return newRun(study, runFolder, listener).execute(toRun, skipped);
    }

    @Override
    public StudyOutcome runTrials(Path runFolder, List<String> trials, StudyListener listener)
            throws InvalidStudyException, IOException {
        Study study = stored(runFolder);
        List<StudyTrial> chosen = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String wanted : trials) {
            StudyTrial t = trial(study, wanted);
            if (t == null) {
                unknown.add(wanted);
            } else if (!chosen.contains(t)) {
                chosen.add(t);
            }
        }
        if (!unknown.isEmpty()) {
            List<String> ids = study.trials().stream().map(StudyTrial::id).toList();
            throw new InvalidStudyException(runFolder.toString(), List.of(runFolder + ": the study has no trial "
                    + String.join(", ", unknown) + "; give an index from 0 to " + (ids.size() - 1) + " or an id: "
                    + String.join(", ", ids.subList(0, Math.min(5, ids.size()))) + (ids.size() > 5 ? ", ..." : "")));
        }
        // in study order, whatever order they were named in
        chosen.sort(Comparator.comparingInt(study.trials()::indexOf));
        List<StudyTrial> toRun = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (StudyTrial t : chosen) {
            if (StudyRun.isDone(runFolder, t)) {
                skipped.add(t.id());
            } else {
                // unlike a resume, leave the rest: another copy of the trial may be running in this folder
                Files.deleteIfExists(runFolder.resolve(t.id()).resolve(StudyRun.FAILURE));
                toRun.add(t);
            }
        }
        return newRun(study, runFolder, listener).executeTrialsOnly(toRun, skipped);
    }

    @Override
    public StudyOutcome collect(Path runFolder) throws InvalidStudyException, IOException {
        return newRun(stored(runFolder), runFolder, StudyListener.NONE).collect();
    }

    @Override
    public List<TrialStatus> status(Path runFolder) throws InvalidStudyException, IOException {
        return TrialStates.read(stored(runFolder), runFolder, RunningMarker.localHost(environment));
    }

    @Override
    public TrialRecord readRecord(Path record) throws IOException {
        return RunRecords.read(record);
    }

    @Override
    public List<EpochResult> readMetrics(Path metrics) throws IOException {
        return MetricsCsv.readEpochs(metrics);
    }

    /** The trial a caller names by id or by its index in the study; null if there is none. */
    private static StudyTrial trial(Study study, String idOrIndex) {
        for (StudyTrial t : study.trials()) {
            if (t.id().equals(idOrIndex)) {
                return t;
            }
        }
        if (idOrIndex.matches("\\d{1,9}")) {
            int k = Integer.parseInt(idOrIndex);
            return k < study.trials().size() ? study.trials().get(k) : null;
        }
        return null;
    }

    private StudyRun newRun(Study study, Path folder, StudyListener listener) {
        return new StudyRun(engine, study, folder, listener, gitCommit.get(), files,
                new RunningMarker(RunningMarker.localHost(environment), ProcessHandle.current().pid(), environment, clock),
                stopping, clock, new TrialWatchdog(StudyParser.stallTimeout(study), engine, bundleHasClass), () -> logger);
    }

    /**
     * The study stored in a run folder, checked again, and checked to expand to the trials the run started with (its
     * {@code resolved.yaml}). A file without a {@code study} key takes its name from the folder, as the run that made it
     * took it from the file's name.
     */
    private Study stored(Path runFolder) throws InvalidStudyException {
        Path file = runFolder.resolve(STUDY_FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidStudyException(runFolder.toString(), List.of(runFolder + ": no " + STUDY_FILE
                    + " here; give the folder an 'engram run' created, e.g. runs/mnist-ib-20260101-120000"));
        }
        String text = StudyText.read(file);
        Path name = runFolder.toAbsolutePath().normalize().getFileName();
        String fallback = name == null ? "study" : name.toString().replaceFirst("-\\d{8}-\\d{6}(-\\d+)?$", "");
        Study study = new StudyParser(engine, file.toString()).parse(text, fallback);
        List<String> changes = StartedSpecs.changes(runFolder.resolve(RESOLVED_FILE), study);
        if (!changes.isEmpty()) {
            throw new InvalidStudyException(file.toString(), changes);
        }
        return study;
    }

    /** {@code <root>/<study>-<yyyyMMdd-HHmmss>}, with {@code -2}, {@code -3}... if that second is taken. */
    private Path newFolder(Path root, String name) throws IOException {
        Files.createDirectories(root);
        String base = name + "-" + FOLDER_TIME.format(LocalDateTime.now(clock));
        for (int i = 1;; i++) {
            Path folder = root.resolve(i == 1 ? base : base + "-" + i);
            try {
                return Files.createDirectory(folder);
            } catch (FileAlreadyExistsException e) {
                // another run started in the same second; take the next name
            }
        }
    }

    static String resolvedYaml(Study study) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options);
        return "# every trial of the study, as the engine ran it (defaults, trial, sweep point and seed merged)\n"
                + yaml.dump(Records.resolved(study));
    }

    /**
     * Readies the folder of a trial that did not finish. With a checkpoint it continues from there: only the
     * checkpoint and the metrics of the epochs before it stay. Without one it starts from scratch: nothing of
     * the attempt before may leak into the new one.
     */
    private static void clearUnfinished(Path trial) throws IOException {
        if (!Files.isRegularFile(trial.resolve(CheckpointFile.FILE))) {
            deleteTree(trial);
            return;
        }
        Set<String> kept = Set.of(CheckpointFile.FILE, MetricsCsv.FILE);
        try (Stream<Path> entries = Files.list(trial)) {
            for (Path p : entries.filter(p -> !kept.contains(p.getFileName().toString())).toList()) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

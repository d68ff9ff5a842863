package org.engram.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.engram.api.engine.Engine;
import org.engram.api.study.InvalidStudyException;
import org.engram.api.study.Study;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyOutcome;
import org.engram.api.study.StudyService;
import org.engram.api.study.StudyTrial;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
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

    @Activate
    public StudyComponent(@Reference Engine engine) {
        this(engine, Clock.systemDefaultZone(), Git::head);
    }

    StudyComponent(Engine engine, Clock clock, Supplier<Optional<String>> gitCommit) {
        this(engine, clock, gitCommit, AtomicFiles.DISK);
    }

    /** @param files how files are written; tests pass one that runs out of space */
    StudyComponent(Engine engine, Clock clock, Supplier<Optional<String>> gitCommit, AtomicFiles files) {
        this.engine = engine;
        this.clock = clock;
        this.gitCommit = gitCommit;
        this.files = files;
    }

    @Override
    public Study load(Path file) throws InvalidStudyException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidStudyException(file.toString(), List.of(file + ": cannot read the file (" + e + ")"));
        }
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
        return new StudyRun(engine, study, folder, listener, gitCommit.get(), files).execute(study.trials(), List.of());
    }

    @Override
    public StudyOutcome resume(Path runFolder, StudyListener listener) throws InvalidStudyException, IOException {
        Path file = runFolder.resolve(STUDY_FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidStudyException(runFolder.toString(), List.of(runFolder + ": no " + STUDY_FILE
                    + " here; give the folder an 'engram run' created, e.g. runs/mnist-ib-20260101-120000"));
        }
        Study study = load(file);
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
        return new StudyRun(engine, study, runFolder, listener, gitCommit.get(), files).execute(toRun, skipped);
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

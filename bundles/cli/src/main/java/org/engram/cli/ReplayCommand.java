package org.engram.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.study.Study;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyOutcome;
import org.engram.api.study.StudyService;
import org.engram.api.study.StudyTrial;
import org.engram.api.study.TrialRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "replay", sortOptions = false,
        header = "Rerun a finished trial from its provenance.json and compare every epoch.",
        description = {"Run a finished trial again from its record (the spec in its provenance.json)",
            "and check that every epoch's metrics equal the recorded metrics.csv (all",
            "columns but seconds). Names the plugin bundles whose SHA-256 differ from",
            "the record's.",
            "Exit code: 0 the replay matches, 1 it differs (the first difference is",
            "named) or failed, 2 the record cannot be replayed."},
        footer = {"", "Examples:", "  engram replay runs/quickstart-20260101-120000/xor-ib-hebbian_seed=1",
            "  engram replay <trial folder>/provenance.json --epochs 1    (a quick check)",
            "  engram replay <trial folder> --tolerance 1e-12    (another CPU or BLAS build)"})
final class ReplayCommand implements Callable<Integer> {

    static final int MATCHES = 0;
    static final int DIFFERS = 1;
    static final int UNREADABLE = 2;

    private final StudyService studies;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROVENANCE",
            description = "a finished trial's provenance.json, or the trial's folder that holds it")
    Path record;

    @Option(names = "--epochs", paramLabel = "K", description = "replay only epochs 1 to K and compare those (and epoch 0)")
    Integer epochs;

    @Option(names = "--tolerance", paramLabel = "X", defaultValue = "0",
            description = "accept numbers that differ by at most X (default: exact, as runs on one machine are)")
    double tolerance;

    @Option(names = "--out", paramLabel = "DIR",
            description = "keep the replay's run folder under DIR (default: a temporary folder, deleted afterwards)")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "print only the result")
    boolean quiet;

    ReplayCommand(StudyService studies) {
        this.studies = studies;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (studies == null) {
            return StudyOutput.missingService(err);
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tolerance must be a number of at least 0, got "
                    + tolerance);
        }
        TrialRecord r;
        List<EpochResult> recordedEpochs;
        try {
            r = studies.readRecord(record);
            if (!Files.isRegularFile(r.metrics())) {
                throw new IOException(r.metrics() + " does not exist; replay compares the new run with "
                        + "the metrics.csv beside the provenance.json");
            }
            recordedEpochs = studies.readMetrics(r.metrics());
        } catch (IOException e) {
            err.println("engram replay: " + e.getMessage());
            err.flush();
            return UNREADABLE;
        }
        TrialSpec recorded = r.trial().spec();
        if (epochs != null && (epochs < 1 || epochs > recorded.epochs())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--epochs must be 1 to " + recorded.epochs()
                    + ", the epochs the trial ran; got " + epochs);
        }
        int last = epochs == null ? recorded.epochs() : epochs;
        StudyTrial trial = r.trial();
        if (last != recorded.epochs()) {
            // each epoch's data order and updates depend on the epochs before it only, so the first K are the same
            TrialSpec s = recorded;
            trial = new StudyTrial(trial.id(), trial.group(), trial.variant(), trial.sweep(), trial.seed(),
                    new TrialSpec(s.name(), s.dataset(), s.datasetParameters(), s.layers(), s.rule(), s.ruleParameters(),
                            s.memory(), s.memoryParameters(), s.backend(), s.backendParameters(), s.seed(), last,
                            s.trainLimit(), s.testLimit()));
        }
        Study study = new Study(r.study() + "-replay", record.toString(),
                "# a replay of " + record + ", run by 'engram replay'; not a study file\n", 1, List.of(trial));
        PrintWriter stdout = spec.commandLine().getOut();
        Path root = out != null ? out : Files.createTempDirectory("engram-replay-");
        TrialResult[] result = new TrialResult[1];
        try {
            StudyOutcome outcome;
            try {
                outcome = studies.run(study, root, new Capture(StudyOutput.progress(stdout, quiet), result));
            } catch (IOException e) {
                err.println("engram replay: " + StudyOutput.message(e));
                err.flush();
                return DIFFERS;
            }
            if (result[0] == null) {
                String why = outcome.failures().getOrDefault(trial.id(), "it did not finish");
                err.println("engram replay: the replay of " + trial.id() + " failed: " + why);
                err.flush();
                return DIFFERS;
            }
            MetricsComparison c;
            try {
                // the replay's own record says where its metrics are: the file names are the study's to know
                Path replayed = studies.readRecord(outcome.folder().resolve(trial.id())).metrics();
                c = MetricsComparison.compare(recordedEpochs, studies.readMetrics(replayed), last, tolerance);
            } catch (IOException e) {
                err.println("engram replay: " + e.getMessage());
                err.flush();
                return UNREADABLE;
            }
            List<String> code = codeDifferences(r.engine(), result[0].provenance());
            for (String line : code) {
                if (!quiet || !line.startsWith("same code")) {
                    stdout.println(line);
                }
            }
            if (out != null) {
                stdout.println("replay kept in " + outcome.folder().resolve(trial.id()));
            }
            stdout.flush();
            if (c.differences().isEmpty()) {
                stdout.println("replay matches: " + last + (last == 1 ? " epoch" : " epochs")
                        + (last < recorded.epochs() ? " of " + recorded.epochs() : "") + ", " + c.values() + " values"
                        + (tolerance > 0 ? " (within " + tolerance + ")" : ""));
                stdout.flush();
                return MATCHES;
            }
            err.println("replay differs at " + c.differences().get(0).describe() + " (" + c.differences().size() + " of "
                    + c.values() + " values differ)");
            err.println(hint(code, r.engine(), result[0].provenance()));
            err.flush();
            return DIFFERS;
        } finally {
            if (out == null) {
                deleteTree(root);
            }
        }
    }

    /** Lines naming each bundle of the record whose SHA-256 (or presence) differs now, or one line saying none does. */
    static List<String> codeDifferences(Map<String, String> recorded, Map<String, String> now) {
        List<String> lines = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>();
        for (String k : recorded.keySet()) {
            if (k.startsWith("bundle.")) {
                keys.add(k);
            }
        }
        int bundles = keys.size();
        if (bundles == 0) {
            lines.add("the record names no bundles, so the code that made it cannot be compared");
        }
        for (String k : now.keySet()) {
            if (k.startsWith("bundle.") && bundles > 0) {
                keys.add(k);
            }
        }
        for (String k : keys) {
            String name = k.substring("bundle.".length());
            String was = recorded.get(k);
            String is = now.get(k);
            if (was == null) {
                lines.add("bundle " + name + " differs: not in the record, now " + is);
            } else if (is == null) {
                lines.add("bundle " + name + " differs: recorded " + was + ", not used now");
            } else if (!was.equals(is)) {
                lines.add("bundle " + name + " differs: recorded " + was + ", now " + is);
            }
        }
        for (String k : List.of("dataset.sha256", "backend.implementation")) {
            if (recorded.containsKey(k) && !Objects.equals(recorded.get(k), now.get(k))) {
                lines.add(k + " differs: recorded " + recorded.get(k) + ", now " + now.get(k));
            }
        }
        if (lines.isEmpty()) {
            lines.add("same code: the SHA-256 of the " + bundles + " bundles and of the dataset match the record");
        }
        return lines;
    }

    /** What a difference likely means, from what else differs. */
    private String hint(List<String> code, Map<String, String> recorded, Map<String, String> now) {
        if (code.stream().anyMatch(l -> l.contains(" differs: "))) {
            return "the code or data differs from the record's (above), which can explain it";
        }
        List<String> machine = new ArrayList<>();
        for (String k : List.of("java", "os", "cpus")) {
            if (recorded.containsKey(k) && !Objects.equals(recorded.get(k), now.get(k))) {
                machine.add(k + " " + recorded.get(k) + " then, " + now.get(k) + " now");
            }
        }
        if (!machine.isEmpty()) {
            return "same code and data on another machine (" + String.join("; ", machine) + "): the last bits of floating-point "
                    + "results may differ there; --tolerance X accepts differences up to X";
        }
        return "same code, data and machine, yet another result: the run did not reproduce. Keep the replay with --out DIR "
                + "and report it with both folders";
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is no reason to fail the comparison
            System.err.println("engram replay: could not delete " + dir + " (" + e + ")");
        }
    }

    /** Passes every event to the progress display and keeps the trial's result. */
    private static final class Capture implements StudyListener {
        private final StudyListener delegate;
        private final TrialResult[] result;

        Capture(StudyListener delegate, TrialResult[] result) {
            this.delegate = delegate;
            this.result = result;
        }

        @Override
        public void started(Study study, Path folder, List<StudyTrial> toRun) {
            delegate.started(study, folder, toRun);
        }

        @Override
        public void trialStarted(StudyTrial trial) {
            delegate.trialStarted(trial);
        }

        @Override
        public void progress(StudyTrial trial, int epoch, long samplesDone, long samplesPerEpoch) {
            delegate.progress(trial, epoch, samplesDone, samplesPerEpoch);
        }

        @Override
        public void epochDone(StudyTrial trial, EpochResult r) {
            delegate.epochDone(trial, r);
        }

        @Override
        public void trialDone(StudyTrial trial, TrialResult r) {
            result[0] = r;
            delegate.trialDone(trial, r);
        }

        @Override
        public void trialFailed(StudyTrial trial, String reason) {
            delegate.trialFailed(trial, reason);
        }

        @Override
        public void finished(StudyOutcome outcome) {
            delegate.finished(outcome);
        }
    }
}

package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.engram.api.engine.EpochResult;
import org.engram.api.study.Study;
import org.engram.api.study.StudyListener;
import org.engram.api.study.StudyTrial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html and comparisons.csv of small studies on the fake engine. */
class ReportTest {

    @TempDir
    Path root;

    private final FakeEngine engine = new FakeEngine();
    private final StudyComponent service = new StudyComponent(engine,
            Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC), () -> Optional.of(StudyComponentTest.GIT));

    @Test
    void theTableEqualsTheSummaryAtEachGroupsLastEpochAndTheBestGroupIsMarked() throws Exception {
        Path f = service.run(service.parse(StudyComponentTest.TINY, "tiny.yaml"), root, StudyListener.NONE).folder();
        String html = Files.readString(f.resolve(Report.FILE));

        List<String> summary = Files.readAllLines(f.resolve(Summary.FILE));
        List<String> header = List.of(summary.get(0).split(","));
        int mean = header.indexOf("test_accuracy_mean");
        int sd = header.indexOf("test_accuracy_sd");
        List<String> summaryFinal = summary.stream().filter(l -> l.contains(",3,2,")).toList();
        assertEquals(3, summaryFinal.size(), "one final row per group");
        Matcher rows = Pattern.compile("<tr data-group=\"([^\"]+)\" data-epoch=\"3\" data-n=\"2\" data-mean=\"([^\"]+)\" "
                + "data-sd=\"([^\"]+)\"").matcher(html.substring(html.indexOf("id=\"glance\""), html.indexOf("id=\"comparisons\"")));
        List<String> fromPage = new ArrayList<>();
        while (rows.find()) {
            fromPage.add(rows.group(1) + ":" + rows.group(2) + ":" + rows.group(3));
        }
        List<String> fromSummary = summaryFinal.stream().map(l -> l.split(",")).map(c -> c[0] + ":" + c[mean] + ":" + c[sd]).toList();
        assertEquals(fromSummary, fromPage);
        assertTrue(html.contains("<tr data-group=\"ib_window=4\" data-epoch=\"3\" data-n=\"2\" data-mean=\"0.58\" "
                + "data-sd=\"0.007071067811865481\" class=\"best\">"), "ib_window=4 has the highest mean");
        assertTrue(html.contains("57.80 % ± 0.71"), "shown in percent, SD in points");
        assertEquals(1, html.split("class=\"best\"", -1).length - 1, "one best group");
    }

    @Test
    void comparisonsAgainstTheBaselineAreWelchTestsOverSeeds() throws Exception {
        Path f = service.run(service.parse(StudyComponentTest.TINY + "baseline: bp\n", "tiny.yaml"), root,
                StudyListener.NONE).folder();

        List<String> csv = Files.readAllLines(f.resolve(Comparisons.FILE));
        assertEquals("group,baseline,epoch,n,baseline_n,test_accuracy_mean,baseline_test_accuracy_mean,difference,"
                + "difference_ci_low,difference_ci_high,t,df,p_value", csv.get(0));
        assertEquals(3, csv.size(), "every group but the baseline");
        String[] w2 = csv.get(1).split(",");
        assertEquals("ib_window=2", w2[0]);
        assertEquals("bp", w2[1]);
        double[] ib = finalAccuracies(f, "ib_window=2");
        double[] bp = finalAccuracies(f, "bp");
        Statistics.Welch expected = Statistics.welch(ib, bp);
        assertEquals(expected.difference(), Double.parseDouble(w2[7]), 1e-15);
        assertEquals(expected.p(), Double.parseDouble(w2[12]), 1e-15);
        assertTrue(expected.p() > 0 && expected.p() < 1, "a defined p-value: " + expected.p());
        String html = Files.readString(f.resolve(Report.FILE));
        assertTrue(html.contains("Against the baseline <code>bp</code>"), "the study's baseline, not the first group");
        assertTrue(html.contains("<td class=\"num\">" + Report.pValue(expected.p()) + "</td>"), "the p-value in the page");
    }

    @Test
    void theReportIsWrittenAtTheStartAndShowsFailedTrialsWithTheirReason() throws Exception {
        Study study = service.parse(StudyComponentTest.TINY, "tiny.yaml");
        engine.failing.add("bp_seed=2");
        List<String> seenAtFirstTrial = new ArrayList<>();
        StudyListener listener = new StudyListener() {
            @Override
            public synchronized void trialStarted(StudyTrial trial) {
                if (seenAtFirstTrial.isEmpty()) {
                    Path report = root.resolve("tiny-20260102-030405").resolve(Report.FILE);
                    seenAtFirstTrial.add(Files.isRegularFile(report) ? "report" : "none");
                }
            }
        };

        Path f = service.run(study, root, listener).folder();

        assertEquals(List.of("report"), seenAtFirstTrial, "written before the first trial starts");
        String html = Files.readString(f.resolve(Report.FILE));
        assertTrue(html.contains("data-trial=\"bp_seed=2\" data-state=\"failed\""), "the failed trial's state");
        String reason = StudyRun.failureReason(study.trials().stream().filter(t -> t.id().equals("bp_seed=2")).findFirst()
                .orElseThrow(), f.resolve("bp_seed=2").resolve(StudyRun.FAILURE));
        assertTrue(html.contains(Report.esc(reason)), "with its reason: " + reason);
        assertTrue(html.contains("<summary>provenance.json</summary>"), "done trials show their provenance");
        assertTrue(html.contains("\"engine\": {"), "the engine's record in it");
    }

    @Test
    void aRunningTrialShowsItsEpochAndTimeLeft() {
        var status = new org.engram.api.study.TrialStatus(0, "t", org.engram.api.study.TrialStatus.State.RUNNING, 2, 5, "",
                java.util.Map.of("host", "node1"));
        List<EpochResult> epochs = List.of(new EpochResult(0, Double.NaN, 0.1, java.util.Map.of(), 0),
                new EpochResult(1, 0.5, 0.5, java.util.Map.of(), 60), new EpochResult(2, 0.6, 0.6, java.util.Map.of(), 80));

        assertEquals("epoch 3 of 5, about 3 min 30 s left on node1", Report.stateDetail(status, epochs));
    }

    @Test
    void scriptTextCannotCloseItsElement() {
        assertEquals("var s = '<\\/script>';", Report.scriptSafe("var s = '</script>';"));
    }

    private static double[] finalAccuracies(Path folder, String group) throws Exception {
        List<Double> out = new ArrayList<>();
        for (String seed : List.of("1", "2")) {
            List<MetricsCsv.Row> rows = MetricsCsv.read(folder.resolve(group + "_seed=" + seed).resolve(MetricsCsv.FILE));
            out.add(rows.get(rows.size() - 1).testAccuracy());
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

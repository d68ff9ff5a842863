package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.TrialSpec;
import org.engram.api.study.StudyTrial;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static StudyTrial trial(String group, String variant, Map<String, Object> sweep, long seed) {
        TrialSpec spec = new TrialSpec(group + "_seed=" + seed, "xor", Map.of(), List.of(new LayerSpec(2, "linear", Map.of())),
                "backprop", Map.of(), null, Map.of(), null, Map.of(), seed, 1, 0, 0);
        return new StudyTrial(group + "_seed=" + seed, group, variant, sweep, seed, spec);
    }

    private static List<MetricsCsv.Row> curve(double train1, double test1) {
        return List.of(new MetricsCsv.Row(0, Double.NaN, 0.5), new MetricsCsv.Row(1, train1, test1));
    }

    @Test
    void meanAndSampleStandardDeviationOverSeedsPerGroupAndEpoch() {
        Map<String, Object> w2 = new LinkedHashMap<>(Map.of("rule.window", 2));
        List<StudyTrial> trials = List.of(trial("ib_window=2", "ib", w2, 1), trial("ib_window=2", "ib", w2, 2),
                trial("ib_window=2", "ib", w2, 3), trial("bp", "bp", Map.of(), 1), trial("bp", "bp", Map.of(), 2));
        Map<String, List<MetricsCsv.Row>> curves = new LinkedHashMap<>();
        curves.put("ib_window=2_seed=1", curve(0.70, 0.80));
        curves.put("ib_window=2_seed=2", curve(0.80, 0.90));
        curves.put("ib_window=2_seed=3", curve(0.90, 1.00));
        curves.put("bp_seed=1", curve(0.75, 0.95)); // bp_seed=2 failed: not in the curves

        List<Summary.Row> rows = Summary.compute(trials, curves);
        assertEquals(4, rows.size());
        Summary.Row ib1 = rows.get(1);
        assertEquals(List.of("ib_window=2", "ib", 1, 3), List.of(ib1.group(), ib1.variant(), ib1.epoch(), ib1.n()));
        // by hand: mean of 0.8, 0.9, 1.0 is 0.9; squared deviations 0.01 + 0 + 0.01 over n - 1 = 2 is 0.01; SD 0.1
        assertEquals(0.9, ib1.testMean(), 1e-15);
        assertEquals(0.1, ib1.testSd(), 1e-15);
        assertEquals(0.8, ib1.trainMean(), 1e-15);
        assertEquals(0.1, ib1.trainSd(), 1e-15);
        Summary.Row ib0 = rows.get(0);
        assertEquals(0.5, ib0.testMean());
        assertEquals(0.0, ib0.testSd());
        assertTrue(Double.isNaN(ib0.trainMean()), "no training accuracy before training");
        Summary.Row bp1 = rows.get(3);
        assertEquals(1, bp1.n(), "the failed seed is not averaged");
        assertEquals(0.95, bp1.testMean());
        assertTrue(Double.isNaN(bp1.testSd()), "one seed has no sample SD");
    }

    @Test
    void reportedMetricsAreAveragedOverTheSeedsThatReportedThemAndWrittenAsColumns() {
        List<StudyTrial> trials = List.of(trial("ib", "ib", Map.of(), 1), trial("ib", "ib", Map.of(), 2),
                trial("bp", "bp", Map.of(), 1));
        Map<String, List<MetricsCsv.Row>> curves = new LinkedHashMap<>();
        curves.put("ib_seed=1", List.of(new MetricsCsv.Row(1, 0.5, 0.5, Map.of("hsic_yz/0", 0.25, "hsic_xz/0", 1.0))));
        curves.put("ib_seed=2", List.of(new MetricsCsv.Row(1, 0.5, 0.5, Map.of("hsic_yz/0", 0.75))));
        curves.put("bp_seed=1", List.of(new MetricsCsv.Row(1, 0.5, 0.5)));

        List<Summary.Row> rows = Summary.compute(trials, curves);
        // by hand: mean of 0.25 and 0.75 is 0.5; squared deviations 0.0625 + 0.0625 over 1: SD 0.25*sqrt(2)
        assertEquals(0.5, rows.get(0).metrics().get("hsic_yz/0")[0], 1e-15);
        assertEquals(0.25 * Math.sqrt(2), rows.get(0).metrics().get("hsic_yz/0")[1], 1e-15);
        assertEquals(1.0, rows.get(0).metrics().get("hsic_xz/0")[0], "only the seed that reported it");
        assertTrue(rows.get(1).metrics().isEmpty());
        String[] lines = Summary.csv(rows, List.of()).split("\n");
        assertTrue(lines[0].endsWith(",test_accuracy_sd,hsic_xz/0_mean,hsic_xz/0_sd,hsic_yz/0_mean,hsic_yz/0_sd"), lines[0]);
        assertTrue(lines[2].endsWith(",,,,"), "bp reported no metric: " + lines[2]);
    }

    @Test
    void csvHasOneColumnPerSweepKeyEmptyWhereItDoesNotApply() {
        Map<String, Object> w4 = new LinkedHashMap<>(Map.of("rule.window", 4));
        List<StudyTrial> trials = List.of(trial("ib_window=4", "ib", w4, 1), trial("bp", "bp", Map.of(), 1));
        Map<String, List<MetricsCsv.Row>> curves = Map.of("ib_window=4_seed=1", curve(0.5, 0.75), "bp_seed=1", curve(0.25, 0.5));
        String csv = Summary.csv(Summary.compute(trials, curves), Summary.sweepKeys(trials));
        assertEquals("""
                group,variant,rule.window,epoch,n,train_accuracy_mean,train_accuracy_sd,test_accuracy_mean,test_accuracy_sd
                ib_window=4,ib,4,0,1,NaN,NaN,0.5,NaN
                ib_window=4,ib,4,1,1,0.5,NaN,0.75,NaN
                bp,bp,,0,1,NaN,NaN,0.5,NaN
                bp,bp,,1,1,0.25,NaN,0.5,NaN
                """, csv);
    }
}

package org.engram.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.engram.api.study.StudyTrial;

/**
 * Mean and standard deviation over seeds of each variant x sweep point (a trial {@link StudyTrial#group()}),
 * per epoch. The SD is the sample SD (divisor n - 1), NaN when fewer than two seeds finished.
 */
final class Summary {

    static final String FILE = "summary.csv";

    /**
     * One group at one epoch; {@code n} is how many finished trials have that epoch; {@code metrics} holds,
     * for each metric the trials reported, its {mean, SD} over the trials that reported it.
     */
    record Row(String group, String variant, Map<String, Object> sweep, int epoch, int n, double trainMean,
            double trainSd, double testMean, double testSd, Map<String, double[]> metrics) {
        Row(String group, String variant, Map<String, Object> sweep, int epoch, int n, double trainMean,
                double trainSd, double testMean, double testSd) {
            this(group, variant, sweep, epoch, n, trainMean, trainSd, testMean, testSd, Map.of());
        }
    }

    private Summary() {
    }

    /**
     * @param trials the study's trials, in study order
     * @param curves the rows of each finished trial, by id; unfinished trials are absent
     */
    static List<Row> compute(List<StudyTrial> trials, Map<String, List<MetricsCsv.Row>> curves) {
        Map<String, List<StudyTrial>> groups = new LinkedHashMap<>();
        for (StudyTrial t : trials) {
            if (curves.containsKey(t.id())) {
                groups.computeIfAbsent(t.group(), g -> new ArrayList<>()).add(t);
            }
        }
        List<Row> out = new ArrayList<>();
        groups.forEach((group, members) -> {
            Map<Integer, List<MetricsCsv.Row>> byEpoch = new TreeMap<>();
            for (StudyTrial t : members) {
                for (MetricsCsv.Row r : curves.get(t.id())) {
                    byEpoch.computeIfAbsent(r.epoch(), e -> new ArrayList<>()).add(r);
                }
            }
            StudyTrial first = members.get(0);
            byEpoch.forEach((epoch, rows) -> {
                double[] train = rows.stream().mapToDouble(MetricsCsv.Row::trainAccuracy).toArray();
                double[] test = rows.stream().mapToDouble(MetricsCsv.Row::testAccuracy).toArray();
                Map<String, double[]> metrics = new TreeMap<>();
                rows.stream().flatMap(r -> r.metrics().keySet().stream()).distinct().sorted().forEach(m -> {
                    double[] v = rows.stream().filter(r -> r.metrics().containsKey(m))
                            .mapToDouble(r -> r.metrics().get(m)).toArray();
                    metrics.put(m, new double[] {Statistics.mean(v), Statistics.sd(v)});
                });
                out.add(new Row(group, first.variant(), first.sweep(), epoch, rows.size(), Statistics.mean(train), Statistics.sd(train),
                        Statistics.mean(test), Statistics.sd(test), metrics));
            });
        });
        return out;
    }

    /** Every sweep key any trial has, in the study's order. */
    static List<String> sweepKeys(List<StudyTrial> trials) {
        Set<String> keys = new LinkedHashSet<>();
        trials.forEach(t -> keys.addAll(t.sweep().keySet()));
        return List.copyOf(keys);
    }

    /** Every metric any row has, sorted by name. */
    static List<String> metricNames(List<Row> rows) {
        return rows.stream().flatMap(r -> r.metrics().keySet().stream()).distinct().sorted().toList();
    }

    /** The accuracies, then {@code <metric>_mean,<metric>_sd} for every reported metric (empty where a group has none). */
    static String csv(List<Row> rows, List<String> sweepKeys) {
        List<String> metrics = metricNames(rows);
        StringBuilder sb = new StringBuilder("group,variant");
        sweepKeys.forEach(k -> sb.append(',').append(Csv.cell(k)));
        sb.append(",epoch,n,train_accuracy_mean,train_accuracy_sd,test_accuracy_mean,test_accuracy_sd");
        metrics.forEach(m -> sb.append(',').append(Csv.cell(m + "_mean")).append(',').append(Csv.cell(m + "_sd")));
        sb.append('\n');
        for (Row r : rows) {
            sb.append(Csv.cell(r.group())).append(',').append(Csv.cell(r.variant()));
            sweepKeys.forEach(k -> sb.append(',').append(Csv.cell(r.sweep().get(k))));
            sb.append(',').append(r.epoch()).append(',').append(r.n()).append(',').append(r.trainMean()).append(',')
                    .append(r.trainSd()).append(',').append(r.testMean()).append(',').append(r.testSd());
            for (String m : metrics) {
                double[] v = r.metrics().get(m);
                sb.append(',').append(v == null ? "" : Double.toString(v[0])).append(',')
                        .append(v == null ? "" : Double.toString(v[1]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}

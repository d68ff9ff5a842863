package org.engram.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.engram.api.engine.EpochResult;
import org.engram.api.study.StudyTrial;

/**
 * Each group's final test accuracy over its finished seeds, and each group against the study's baseline group:
 * the difference of the means with its 95 % interval and Welch's t-test ({@code comparisons.csv} and the report).
 * A group is compared at its last epoch; only finished trials count, as in {@code summary.csv}.
 */
final class Comparisons {

    static final String FILE = "comparisons.csv";

    /**
     * One group at its last epoch.
     *
     * @param row             its {@code summary.csv} row at that epoch: n, mean and SD
     * @param finals          each finished seed's test accuracy at that epoch, in study order
     * @param interval        the 95 % confidence interval of the mean
     * @param secondsPerEpoch the mean time of a training epoch over its finished seeds
     */
    record Group(Summary.Row row, double[] finals, Statistics.Interval interval, double secondsPerEpoch) {
        String name() {
            return row.group();
        }
    }

    /** A group against the baseline. */
    record Comparison(Group group, Group baseline, Statistics.Welch welch) {
    }

    private Comparisons() {
    }

    /**
     * @param trials the study's trials, in study order
     * @param done   the epochs of each finished trial, by id
     * @param rows   the summary of those trials ({@link Summary#compute})
     */
    static List<Group> groups(List<StudyTrial> trials, Map<String, List<EpochResult>> done, List<Summary.Row> rows) {
        Map<String, Summary.Row> last = new LinkedHashMap<>();
        for (Summary.Row r : rows) {
            last.merge(r.group(), r, (a, b) -> b.epoch() > a.epoch() ? b : a);
        }
        List<Group> out = new ArrayList<>();
        last.forEach((group, row) -> {
            List<Double> finals = new ArrayList<>();
            double seconds = 0;
            int trained = 0;
            for (StudyTrial t : trials) {
                if (!t.group().equals(group) || !done.containsKey(t.id())) {
                    continue;
                }
                for (EpochResult e : done.get(t.id())) {
                    if (e.epoch() == row.epoch()) {
                        finals.add(e.testAccuracy());
                    }
                    // epoch 0 is the evaluation before training: no training time
                    if (e.epoch() >= 1) {
                        seconds += e.seconds();
                        trained++;
                    }
                }
            }
            double[] values = finals.stream().mapToDouble(Double::doubleValue).toArray();
            out.add(new Group(row, values, Statistics.meanInterval(values), trained == 0 ? Double.NaN : seconds / trained));
        });
        return out;
    }

    /** The group with the highest mean final test accuracy, if any has one. */
    static Optional<Group> best(List<Group> groups) {
        return groups.stream().filter(g -> !Double.isNaN(g.row().testMean()))
                .max(Comparator.comparingDouble(g -> g.row().testMean()));
    }

    /** Every other group against {@code baseline}; none when the baseline has no finished trial. */
    static List<Comparison> against(String baseline, List<Group> groups) {
        Optional<Group> base = groups.stream().filter(g -> g.name().equals(baseline)).findFirst();
        if (base.isEmpty()) {
            return List.of();
        }
        return groups.stream().filter(g -> g != base.get())
                .map(g -> new Comparison(g, base.get(), Statistics.welch(g.finals(), base.get().finals()))).toList();
    }

    static String csv(List<Comparison> comparisons) {
        StringBuilder sb = new StringBuilder("group,baseline,epoch,n,baseline_n,test_accuracy_mean,baseline_test_accuracy_mean,"
                + "difference,difference_ci_low,difference_ci_high,t,df,p_value\n");
        for (Comparison c : comparisons) {
            Statistics.Welch w = c.welch();
            sb.append(Csv.cell(c.group().name())).append(',').append(Csv.cell(c.baseline().name())).append(',')
                    .append(c.group().row().epoch()).append(',').append(c.group().row().n()).append(',')
                    .append(c.baseline().row().n()).append(',').append(c.group().row().testMean()).append(',')
                    .append(c.baseline().row().testMean()).append(',').append(w.difference()).append(',')
                    .append(w.interval().low()).append(',').append(w.interval().high()).append(',').append(w.t()).append(',')
                    .append(w.df()).append(',').append(w.p()).append('\n');
        }
        return sb.toString();
    }
}

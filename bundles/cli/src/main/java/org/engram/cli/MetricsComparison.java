package org.engram.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.engram.api.engine.EpochResult;

/**
 * Two {@code metrics.csv} files of the same trial (as the study service reads them), compared cell by cell for epochs
 * 0 to K: every column but {@code seconds}, the wall-clock time, which no two runs share. Cells are compared as
 * written (the study writes each number in its shortest exact form, so equal text is equal bits); with a tolerance,
 * as numbers.
 *
 * @param epochs      the last epoch compared
 * @param values      cells compared that hold a value in either file
 * @param differences every cell that differs, by epoch then column
 */
record MetricsComparison(int epochs, int values, List<MetricsComparison.Difference> differences) {

    /** Columns that differ between any two runs and are not compared. */
    static final Set<String> NOT_COMPARED = Set.of("epoch", "seconds");

    /** One cell that differs; an empty text is a metric the epoch did not report, {@code null} a missing row. */
    record Difference(int epoch, String column, String recorded, String replayed) {

        String describe() {
            return "epoch " + epoch + ", column " + column + ": recorded " + shown(recorded) + ", replayed " + shown(replayed);
        }

        private static String shown(String cell) {
            return cell == null ? "(no such epoch)" : cell.isEmpty() ? "(empty)" : cell;
        }
    }

    /**
     * @param recorded  the record's epochs, as {@code StudyService.readMetrics} reads them
     * @param replayed  the replay's epochs
     * @param lastEpoch compare epochs 0 to this one
     * @param tolerance 0 for equal text, else the largest absolute difference accepted between two numbers
     */
    static MetricsComparison compare(List<EpochResult> recorded, List<EpochResult> replayed, int lastEpoch,
            double tolerance) {
        Map<Integer, Map<String, String>> a = cells(recorded);
        Map<Integer, Map<String, String>> b = cells(replayed);
        Set<String> columns = new LinkedHashSet<>(columns(a));
        columns.addAll(columns(b));
        columns.removeAll(NOT_COMPARED);
        int values = 0;
        List<Difference> differences = new ArrayList<>();
        for (int epoch = 0; epoch <= lastEpoch; epoch++) {
            Map<String, String> x = a.get(epoch);
            Map<String, String> y = b.get(epoch);
            if (x == null || y == null) {
                differences.add(new Difference(epoch, "epoch", x == null ? null : Integer.toString(epoch),
                        y == null ? null : Integer.toString(epoch)));
                continue;
            }
            for (String column : columns) {
                // a column only one file has is a metric the other never reported: empty cells there
                String u = x.getOrDefault(column, "");
                String v = y.getOrDefault(column, "");
                if (u.isEmpty() && v.isEmpty()) {
                    continue;
                }
                values++;
                if (!same(u, v, tolerance)) {
                    differences.add(new Difference(epoch, column, u, v));
                }
            }
        }
        return new MetricsComparison(lastEpoch, values, List.copyOf(differences));
    }

    static boolean same(String recorded, String replayed, double tolerance) {
        if (recorded.equals(replayed)) {
            return true;
        }
        if (tolerance <= 0 || recorded.isEmpty() || replayed.isEmpty()) {
            return false;
        }
        try {
            double u = Double.parseDouble(recorded);
            double v = Double.parseDouble(replayed);
            return (Double.isNaN(u) && Double.isNaN(v)) || Math.abs(u - v) <= tolerance;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Each epoch's cells by column as the file holds them: {@link Double#toString}, the study's own form, so equal text
     * is equal bits.
     */
    private static Map<Integer, Map<String, String>> cells(List<EpochResult> epochs) {
        Map<Integer, Map<String, String>> rows = new LinkedHashMap<>();
        for (EpochResult e : epochs) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("train_accuracy", Double.toString(e.trainAccuracy()));
            row.put("test_accuracy", Double.toString(e.testAccuracy()));
            e.metrics().forEach((k, v) -> row.put(k, Double.toString(v)));
            rows.put(e.epoch(), row);
        }
        return rows;
    }

    /** The columns in the file's order: the accuracies, then every metric sorted by name. */
    private static Set<String> columns(Map<Integer, Map<String, String>> rows) {
        Set<String> metrics = new TreeSet<>();
        rows.values().forEach(r -> metrics.addAll(r.keySet()));
        Set<String> columns = new LinkedHashSet<>(List.of("train_accuracy", "test_accuracy"));
        columns.addAll(metrics);
        return columns;
    }
}

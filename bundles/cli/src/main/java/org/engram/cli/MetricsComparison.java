package org.engram.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two {@code metrics.csv} files of the same trial, compared cell by cell for epochs 0 to K: every column but
 * {@code seconds}, the wall-clock time, which no two runs share. Cells are compared as written (the study writes
 * each number in its shortest exact form, so equal text is equal bits); with a tolerance, as numbers.
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
     * @param lastEpoch compare epochs 0 to this one
     * @param tolerance 0 for equal text, else the largest absolute difference accepted between two numbers
     */
    static MetricsComparison compare(Path recorded, Path replayed, int lastEpoch, double tolerance) throws IOException {
        Table a = Table.read(recorded);
        Table b = Table.read(replayed);
        Set<String> columns = new LinkedHashSet<>(a.columns);
        columns.addAll(b.columns);
        columns.removeAll(NOT_COMPARED);
        int values = 0;
        List<Difference> differences = new ArrayList<>();
        for (int epoch = 0; epoch <= lastEpoch; epoch++) {
            Map<String, String> x = a.rows.get(epoch);
            Map<String, String> y = b.rows.get(epoch);
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

    /** A metrics file: its columns in order, and each epoch's cells by column. */
    private record Table(List<String> columns, Map<Integer, Map<String, String>> rows) {

        static Table read(Path file) throws IOException {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> columns = lines.isEmpty() ? List.of() : cells(lines.get(0));
            if (columns.isEmpty() || !columns.get(0).equals("epoch")) {
                throw new IOException(file + " is not a metrics file: its first column is not epoch");
            }
            Map<Integer, Map<String, String>> rows = new LinkedHashMap<>();
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isEmpty()) {
                    continue;
                }
                List<String> cells = cells(lines.get(i));
                if (cells.size() != columns.size()) {
                    throw new IOException(file + ":" + (i + 1) + ": " + cells.size() + " cells under " + columns.size()
                            + " columns");
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < columns.size(); c++) {
                    row.put(columns.get(c), cells.get(c));
                }
                try {
                    rows.put(Integer.parseInt(cells.get(0)), row);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + (i + 1) + ": epoch '" + cells.get(0) + "' is not a whole number", e);
                }
            }
            return new Table(columns, rows);
        }

        /** RFC 4180 cells: quoted where they hold a comma or a quote, as the study writes metric names. */
        private static List<String> cells(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    out.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            out.add(cell.toString());
            return out;
        }
    }
}

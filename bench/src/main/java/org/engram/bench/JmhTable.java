package org.engram.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns JMH's CSV result file ({@code -rf csv}) into a Markdown table. */
final class JmhTable {

    private JmhTable() {
    }

    static void append(Markdown md, Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            return;
        }
        List<String> header = split(lines.get(0));
        int name = header.indexOf("Benchmark");
        int score = header.indexOf("Score");
        int error = header.indexOf("Score Error (99.9%)");
        int unit = header.indexOf("Unit");
        List<Integer> params = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).startsWith("Param: ")) {
                params.add(i);
            }
        }
        md.row("kernel", "parameters", "score", "± (99.9 %)", "unit");
        md.rule(5);
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = split(line);
            StringBuilder p = new StringBuilder();
            for (int i : params) {
                if (i < cells.size() && !cells.get(i).isEmpty()) {
                    p.append(p.length() == 0 ? "" : ", ").append(header.get(i).substring(7)).append('=').append(cells.get(i));
                }
            }
            String benchmark = cells.get(name);
            benchmark = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            md.row(benchmark, p.toString(), number(cells.get(score)), number(error < 0 ? "" : cells.get(error)),
                    cells.get(unit));
        }
    }

    /**
     * The score of one benchmark, e.g. {@code ("OptimizerBenchmark.adamwStepOuter", "")} or
     * {@code ("LayerBenchmark.forward", "rows=8")}; NaN if the file lacks it.
     */
    static double score(Path csv, String benchmark, String parameters) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            return Double.NaN;
        }
        List<String> header = split(lines.get(0));
        int name = header.indexOf("Benchmark");
        int score = header.indexOf("Score");
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = split(line);
            StringBuilder p = new StringBuilder();
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).startsWith("Param: ") && i < cells.size() && !cells.get(i).isEmpty()) {
                    p.append(p.length() == 0 ? "" : ", ").append(header.get(i).substring(7)).append('=').append(cells.get(i));
                }
            }
            if (cells.get(name).endsWith("." + benchmark) && p.toString().equals(parameters)) {
                return Double.parseDouble(cells.get(score));
            }
        }
        return Double.NaN;
    }

    private static String number(String s) {
        try {
            double v = Double.parseDouble(s);
            if (Double.isNaN(v)) {
                return "—";
            }
            return v >= 100 ? String.format("%.0f", v) : String.format("%.3g", v);
        } catch (NumberFormatException e) {
            return s;
        }
    }

    /** One CSV line with JMH's quoting (fields in double quotes, no embedded quotes). */
    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
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

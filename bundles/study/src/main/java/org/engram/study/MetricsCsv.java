package org.engram.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.engram.api.engine.EpochResult;

/**
 * A trial's {@code metrics.csv}: one row per epoch (0 is the evaluation before training) with
 * {@code epoch, train_accuracy, test_accuracy, seconds}, then every metric the learner reported, sorted by
 * name. Numbers are written with {@link Double#toString}, which reads back to the same double; a metric an
 * epoch did not report is an empty cell, an undefined value (train accuracy at epoch 0) is {@code NaN}.
 */
final class MetricsCsv {

    static final String FILE = "metrics.csv";
    static final List<String> FIXED = List.of("epoch", "train_accuracy", "test_accuracy", "seconds");

    /** One epoch as the summary reads it back: the accuracies and every metric the epoch reported. */
    record Row(int epoch, double trainAccuracy, double testAccuracy, Map<String, Double> metrics) {
        Row(int epoch, double trainAccuracy, double testAccuracy) {
            this(epoch, trainAccuracy, testAccuracy, Map.of());
        }
    }

    private MetricsCsv() {
    }

    static String format(List<EpochResult> epochs) {
        Set<String> metrics = new TreeSet<>();
        epochs.forEach(e -> metrics.addAll(e.metrics().keySet()));
        StringBuilder sb = new StringBuilder(String.join(",", FIXED));
        metrics.forEach(m -> sb.append(',').append(Csv.cell(m)));
        sb.append('\n');
        for (EpochResult e : epochs) {
            sb.append(e.epoch()).append(',').append(e.trainAccuracy()).append(',').append(e.testAccuracy()).append(',')
                    .append(e.seconds());
            for (String m : metrics) {
                Double v = e.metrics().get(m);
                sb.append(',').append(v == null ? "" : v.toString());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Every row as the summary reads it: {@link #readEpochs}, without the seconds. */
    static List<Row> read(Path file) throws IOException {
        return readEpochs(file).stream()
                .map(e -> new Row(e.epoch(), e.trainAccuracy(), e.testAccuracy(), e.metrics())).toList();
    }

    /**
     * Every row back as the epoch it was written from, bit for bit (a resumed trial keeps the epochs before its
     * checkpoint from here). The one reader of this format: the summary, resumption and the service's
     * {@code readMetrics} all read through it.
     */
    static List<EpochResult> readEpochs(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = lines.isEmpty() ? List.of() : Csv.split(lines.get(0));
        if (header.size() < FIXED.size() || !header.subList(0, FIXED.size()).equals(FIXED)) {
            throw new IOException(file + " is not a metrics file: its header is not " + String.join(",", FIXED) + ",...");
        }
        List<EpochResult> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            List<String> cells = Csv.split(lines.get(i));
            try {
                if (cells.size() != header.size()) {
                    throw new NumberFormatException(cells.size() + " cells under " + header.size() + " columns");
                }
                Map<String, Double> metrics = new LinkedHashMap<>();
                for (int c = FIXED.size(); c < header.size(); c++) {
                    if (!cells.get(c).isEmpty()) {
                        metrics.put(header.get(c), Double.parseDouble(cells.get(c)));
                    }
                }
                out.add(new EpochResult(Integer.parseInt(cells.get(0)), Double.parseDouble(cells.get(1)),
                        Double.parseDouble(cells.get(2)), metrics, Double.parseDouble(cells.get(3))));
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + (i + 1) + ": cannot read '" + lines.get(i) + "' (" + e.getMessage() + ")", e);
            }
        }
        return out;
    }
}

package org.engram.sdk.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads what {@code engram run} wrote: the run folder, each trial's files, the summary. */
final class Runs {

    private Runs() {
    }

    /** The one run folder of {@code study} under {@code runs}. */
    static Path only(Path runs, String study) throws IOException {
        try (Stream<Path> folders = Files.list(runs)) {
            List<Path> matching = folders.filter(f -> f.getFileName().toString().startsWith(study + "-")).toList();
            assertEquals(1, matching.size(), "run folders of study " + study + " in " + runs + ": " + matching);
            return matching.get(0);
        }
    }

    /**
     * Asserts every trial of {@code variant} finished ({@code DONE}), its metrics have every epoch and its
     * provenance names {@code bundle}; returns the mean final test accuracy over its seeds from summary.csv.
     */
    static double assertTrained(Path run, String variant, int epochs, String bundle) throws IOException {
        List<Path> trials;
        try (Stream<Path> folders = Files.list(run)) {
            trials = folders.filter(Files::isDirectory)
                    .filter(f -> f.getFileName().toString().startsWith(variant + "_")).toList();
        }
        assertTrue(!trials.isEmpty(), "no trial folders of " + variant + " in " + run);
        for (Path trial : trials) {
            assertTrue(Files.exists(trial.resolve("DONE")), trial + " did not finish: "
                    + (Files.exists(trial.resolve("failure.txt")) ? Files.readString(trial.resolve("failure.txt")) : "no DONE"));
            List<String> metrics = Files.readAllLines(trial.resolve("metrics.csv"));
            assertEquals(epochs + 2, metrics.size(), "header, epoch 0 and " + epochs + " epochs in " + trial);
            String provenance = Files.readString(trial.resolve("provenance.json"));
            assertTrue(provenance.contains(bundle), trial + "/provenance.json does not name " + bundle + ":\n" + provenance);
        }
        Map<String, String> last = summaryRow(run, variant, epochs);
        double accuracy = Double.parseDouble(last.get("test_accuracy_mean"));
        assertTrue(accuracy >= 0 && accuracy <= 1, variant + ": test accuracy " + accuracy);
        assertEquals(Integer.toString(trials.size()), last.get("n"), variant + ": seeds in the summary");
        return accuracy;
    }

    /** The summary.csv row of {@code variant} at {@code epoch}, by column name. */
    static Map<String, String> summaryRow(Path run, String variant, int epoch) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("summary.csv"));
        String[] header = lines.get(0).split(",");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            if (variant.equals(row.get("variant")) && Integer.toString(epoch).equals(row.get("epoch"))) {
                return row;
            }
        }
        throw new AssertionError("no row for " + variant + " at epoch " + epoch + " in " + run.resolve("summary.csv")
                + ":\n" + String.join("\n", lines));
    }
}

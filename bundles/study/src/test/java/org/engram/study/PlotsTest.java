package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

    @TempDir
    Path dir;

    private static List<Summary.Row> rows() {
        return List.of(new Summary.Row("ib_window=2", "ib", Map.of("rule.window", 2), 0, 3, Double.NaN, Double.NaN, 0.1, 0.01),
                new Summary.Row("ib_window=2", "ib", Map.of("rule.window", 2), 1, 3, 0.8, 0.02, 0.7, 0.05),
                new Summary.Row("ib_window=8", "ib", Map.of("rule.window", 8), 0, 3, Double.NaN, Double.NaN, 0.1, 0.01),
                new Summary.Row("ib_window=8", "ib", Map.of("rule.window", 8), 1, 3, 0.9, 0.02, 0.85, 0.03),
                new Summary.Row("bp", "bp", Map.of(), 0, 1, Double.NaN, Double.NaN, 0.1, Double.NaN),
                new Summary.Row("bp", "bp", Map.of(), 1, 1, 0.95, Double.NaN, 0.9, Double.NaN));
    }

    @Test
    void accuracyPlotIsAPngOfTheAgreedSizeWithColouredLines() throws IOException {
        Path f = dir.resolve("accuracy.png");
        assertTrue(Plots.accuracy(f, "tiny", rows()));
        BufferedImage image = ImageIO.read(f.toFile());
        assertEquals(Plots.WIDTH, image.getWidth());
        assertEquals(Plots.HEIGHT, image.getHeight());
        assertTrue(hasColour(image, 0x4E79A7), "the first series is drawn in the palette's first colour");
        assertTrue(hasColour(image, 0xF28E2B), "the second in the second");
    }

    @Test
    void sweepPlotNeedsNumbersAndDrawsUnsweptVariantsAsALevel() throws IOException {
        Path f = dir.resolve("sweep.png");
        assertTrue(Plots.sweep(f, "tiny", "rule.window", rows()));
        assertTrue(hasColour(ImageIO.read(f.toFile()), 0xF28E2B), "bp's level line");
        List<Summary.Row> words = List.of(new Summary.Row("r=a", "r", Map.of("rule.name", "a"), 1, 1, 0.5, 0.0, 0.5, 0.0));
        assertFalse(Plots.sweep(dir.resolve("words.png"), "t", "rule.name", words), "no axis for words");
        assertFalse(Files.exists(dir.resolve("words.png")));
    }

    @Test
    void metricsPlotHasAPanelPerMetricAndBoundedBands() throws IOException {
        List<Summary.Row> rows = List.of(
                new Summary.Row("ib", "ib", Map.of(), 1, 2, 0.9, 0.1, 0.95, 0.1,
                        Map.of("hsic_xz/0", new double[] {0.06, 0.001}, "hsic_yz/0", new double[] {0.09, 0.002})),
                new Summary.Row("ib", "ib", Map.of(), 2, 2, 0.9, 0.1, 0.97, 0.1,
                        Map.of("hsic_xz/0", new double[] {0.061, 0.001}, "hsic_yz/0", new double[] {0.091, 0.002})));
        Path f = dir.resolve("metrics.png");
        assertTrue(Plots.metrics(AtomicFiles.DISK, f, "tiny", rows));
        BufferedImage image = ImageIO.read(f.toFile());
        assertEquals(Plots.WIDTH, image.getWidth());
        assertTrue(image.getHeight() > Plots.HEIGHT / 2, "two panels");
        assertTrue(hasColour(image, 0x4E79A7), "the group's line");
        assertFalse(Plots.metrics(AtomicFiles.DISK, dir.resolve("none.png"), "t", rows()), "no metric, no plot");
    }

    @Test
    void nothingFinishedNothingDrawn() throws IOException {
        assertFalse(Plots.accuracy(dir.resolve("accuracy.png"), "t", List.of()));
        assertFalse(Files.exists(dir.resolve("accuracy.png")));
    }

    @Test
    void equalDataGivesEqualBytes() throws IOException {
        Plots.accuracy(dir.resolve("a.png"), "tiny", rows());
        Plots.accuracy(dir.resolve("b.png"), "tiny", rows());
        assertEquals(-1L, Files.mismatch(dir.resolve("a.png"), dir.resolve("b.png")));
        Plots.accuracy(dir.resolve("c.png"), "other", rows());
        assertNotEquals(-1L, Files.mismatch(dir.resolve("a.png"), dir.resolve("c.png")));
    }

    @Test
    void aSingleEpochSeriesIsDrawnWithAMarker() throws IOException {
        // a one-epoch trial reports its metrics at epoch 1 only: one point per group
        List<Summary.Row> rows = List.of(new Summary.Row("mnist-ib", "mnist-ib", Map.of(), 1, 1, 0.9, Double.NaN, 0.91,
                Double.NaN, Map.of("hsic_xz/0", new double[] {0.06, Double.NaN})));
        JFreeChart chart = Plots.metricsChart("quick", rows).orElseThrow();
        XYPlot panel = (XYPlot) ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots().get(0);

        assertEquals(Boolean.TRUE, ((XYLineAndShapeRenderer) panel.getRenderer()).getSeriesShapesVisible(0));
        assertTrue(hasColour(chart.createBufferedImage(Plots.WIDTH, Plots.HEIGHT), 0x4E79A7), "the point is visible");
    }

    @Test
    void aFlatSeriesGetsAnAxisWithDistinctTickLabels() {
        List<Summary.Row> rows = List.of(
                new Summary.Row("bp", "bp", Map.of(), 1, 2, 0.9, 0.0, 0.9, 0.0, Map.of("cross_entropy", new double[] {0.5711902, 0})),
                new Summary.Row("bp", "bp", Map.of(), 2, 2, 0.9, 0.0, 0.9, 0.0, Map.of("cross_entropy", new double[] {0.5711902, 0})));
        JFreeChart chart = Plots.metricsChart("flat", rows).orElseThrow();
        chart.createBufferedImage(Plots.WIDTH, Plots.HEIGHT);
        NumberAxis axis = (NumberAxis) ((XYPlot) ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots().get(0)).getRangeAxis();

        assertTrue(axis.getRange().getLength() >= Plots.FLAT_SPAN * 0.5711902 * 0.999, "range " + axis.getRange());
        assertTrue(axis.getRange().contains(0.5711902));
        java.util.Set<String> labels = new java.util.LinkedHashSet<>();
        int ticks = 0;
        for (double v = axis.getTickUnit().getSize() * Math.ceil(axis.getLowerBound() / axis.getTickUnit().getSize());
                v <= axis.getUpperBound(); v += axis.getTickUnit().getSize()) {
            labels.add(axis.getTickUnit().valueToString(v));
            ticks++;
        }
        assertTrue(ticks >= 2 && labels.size() == ticks, "distinct tick labels: " + labels);
    }

    @Test
    void legendsNameEachGroupOnce() {
        List<Summary.Row> rows = List.of(
                new Summary.Row("ib", "ib", Map.of(), 1, 2, 0.9, 0.1, 0.95, 0.1,
                        Map.of("hsic_xz/0", new double[] {0.06, 0.001}, "hsic_yz/0", new double[] {0.09, 0.002})),
                new Summary.Row("bp", "bp", Map.of(), 1, 2, 0.9, 0.1, 0.97, 0.1,
                        Map.of("hsic_xz/0", new double[] {0.061, 0.001}, "hsic_yz/0", new double[] {0.091, 0.002})));

        assertEquals(List.of("ib", "bp"), legend(Plots.metricsChart("t", rows).orElseThrow()), "not once per panel");
        assertEquals(List.of("ib", "bp"), legend(Plots.accuracyChart("t", rows).orElseThrow()));
    }

    private static List<String> legend(JFreeChart chart) {
        List<String> out = new java.util.ArrayList<>();
        LegendItemCollection items = chart.getXYPlot().getLegendItems();
        for (int i = 0; i < items.getItemCount(); i++) {
            out.add(items.get(i).getLabel());
        }
        return out;
    }

    private static boolean hasColour(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }
}

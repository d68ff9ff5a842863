package org.engram.study;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The study's PNG plots, drawn with JFreeChart: {@code accuracy.png} (test accuracy against epoch, one line
 * per variant x sweep point with a ±1 SD band over seeds) and, for a sweep over one numeric key,
 * {@code sweep.png} (final test accuracy against that key; a variant the key does not apply to is a dashed
 * level line), and {@code metrics.png} (every reported metric against epoch, e.g. the HSIC terms per layer).
 */
final class Plots {

    static final String ACCURACY = "accuracy.png";
    static final String SWEEP = "sweep.png";
    static final String METRICS = "metrics.png";
    /** Panels in metrics.png at most: beyond that a panel is too flat to read; summary.csv holds them all. */
    static final int MAX_METRIC_PANELS = 8;
    private static final int PANEL_HEIGHT = 190;
    static final int WIDTH = 960;
    static final int HEIGHT = 600;
    /** The least span of a value axis, relative to its largest value: 2 % keeps a flat series' ticks apart. */
    static final double FLAT_SPAN = 0.02;
    /** Accuracies are drawn in percent, so the axis picks its own readable ticks. */
    private static final double PERCENT = 100.0;

    private static final java.awt.Shape MARKER = new java.awt.geom.Ellipse2D.Double(-4, -4, 8, 8);
    /** Tableau 10: distinguishable, and none too pale on white. */
    private static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759),
        new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
        new Color(0x9C755F), new Color(0xBAB0AC)};

    static {
        // no display is needed to draw into an image; without this a server without X11 fails on first AWT use
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /** Test accuracy against epoch; nothing is written when no trial finished. */
    static boolean accuracy(Path file, String study, List<Summary.Row> rows) throws IOException {
        return accuracy(AtomicFiles.DISK, file, study, rows);
    }

    static boolean accuracy(AtomicFiles files, Path file, String study, List<Summary.Row> rows) throws IOException {
        Optional<JFreeChart> chart = accuracyChart(study, rows);
        if (chart.isEmpty()) {
            return false;
        }
        write(files, file, chart.get());
        return true;
    }

    /** The chart of {@code accuracy.png}; none when no trial finished. */
    static Optional<JFreeChart> accuracyChart(String study, List<Summary.Row> rows) {
        Map<String, YIntervalSeries> series = new LinkedHashMap<>();
        for (Summary.Row r : rows) {
            series.computeIfAbsent(r.group(), YIntervalSeries::new).add(r.epoch(), PERCENT * r.testMean(),
                    low(r.testMean(), r.testSd()), high(r.testMean(), r.testSd()));
        }
        if (series.isEmpty()) {
            return Optional.empty();
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(study, "epoch", "test accuracy (%)", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.addSubtitle(new TextTitle("mean ± 1 SD over seeds; epoch 0 is before training"));
        XYPlot plot = style(chart, data, List.of());
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return Optional.of(chart);
    }

    /**
     * Final test accuracy against the one swept key, when its values are numbers.
     *
     * @param key the sweep key; a group without it is drawn as a level line
     */
    static boolean sweep(Path file, String study, String key, List<Summary.Row> rows) throws IOException {
        return sweep(AtomicFiles.DISK, file, study, key, rows);
    }

    static boolean sweep(AtomicFiles files, Path file, String study, String key, List<Summary.Row> rows) throws IOException {
        Optional<JFreeChart> chart = sweepChart(study, key, rows);
        if (chart.isEmpty()) {
            return false;
        }
        write(files, file, chart.get());
        return true;
    }

    /** The chart of {@code sweep.png}; none when the key's values are not all numbers or no trial finished. */
    static Optional<JFreeChart> sweepChart(String study, String key, List<Summary.Row> rows) {
        Map<String, Summary.Row> last = new LinkedHashMap<>();
        for (Summary.Row r : rows) {
            Summary.Row seen = last.get(r.group());
            if (seen == null || r.epoch() > seen.epoch()) {
                last.put(r.group(), r);
            }
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Summary.Row r : last.values()) {
            if (r.sweep().get(key) instanceof Number n) {
                min = Math.min(min, n.doubleValue());
                max = Math.max(max, n.doubleValue());
            } else if (r.sweep().containsKey(key)) {
                return Optional.empty();
            }
        }
        if (min > max) {
            return Optional.empty();
        }
        Map<String, YIntervalSeries> series = new LinkedHashMap<>();
        List<Integer> levels = new ArrayList<>();
        for (Summary.Row r : last.values()) {
            double lo = low(r.testMean(), r.testSd());
            double hi = high(r.testMean(), r.testSd());
            if (r.sweep().get(key) instanceof Number n) {
                String name = r.variant() + rest(r.sweep(), key);
                series.computeIfAbsent(name, YIntervalSeries::new).add(n.doubleValue(), PERCENT * r.testMean(), lo, hi);
            } else {
                YIntervalSeries s = new YIntervalSeries(r.group() + " (not swept)");
                s.add(min, PERCENT * r.testMean(), lo, hi);
                s.add(max, PERCENT * r.testMean(), lo, hi);
                levels.add(series.size());
                series.put(r.group() + " (not swept)", s);
            }
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(study, key, "final test accuracy (%)", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.addSubtitle(new TextTitle("mean ± 1 SD over seeds at the last epoch"));
        XYPlot plot = style(chart, data, levels);
        ((DeviationRenderer) plot.getRenderer()).setDefaultShapesVisible(true);
        if (min > 0 && max / min >= 100) {
            LogAxis log = new LogAxis(key);
            log.setSmallestValue(min / 2);
            plot.setDomainAxis(log);
        } else {
            ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        }
        return Optional.of(chart);
    }

    /**
     * Every metric the trials reported (the IB rule's HSIC(X,Z) and HSIC(Y,Z) per layer, a memory's error, ...)
     * against epoch: one panel per metric, one line per group with a ±1 SD band over seeds. Nothing is written
     * when no trial reported a metric.
     */
    static boolean metrics(AtomicFiles files, Path file, String study, List<Summary.Row> rows) throws IOException {
        Optional<JFreeChart> chart = metricsChart(study, rows);
        if (chart.isEmpty()) {
            return false;
        }
        int panels = ((CombinedDomainXYPlot) chart.get().getXYPlot()).getSubplots().size();
        files.write(file, out -> ChartUtils.writeChartAsPNG(out, chart.get(), WIDTH, PANEL_HEIGHT * panels + 160));
        return true;
    }

    /** The chart of {@code metrics.png}; none when no trial reported a metric. */
    static Optional<JFreeChart> metricsChart(String study, List<Summary.Row> rows) {
        List<String> names = Summary.metricNames(rows);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        List<String> shown = names.subList(0, Math.min(names.size(), MAX_METRIC_PANELS));
        NumberAxis epoch = new NumberAxis("epoch");
        epoch.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(epoch);
        combined.setGap(8);
        List<String> groups = rows.stream().map(Summary.Row::group).distinct().toList();
        for (String metric : shown) {
            YIntervalSeriesCollection data = new YIntervalSeriesCollection();
            for (String group : groups) {
                YIntervalSeries series = new YIntervalSeries(group);
                for (Summary.Row r : rows) {
                    double[] v = r.metrics().get(metric);
                    if (r.group().equals(group) && v != null && Double.isFinite(v[0])) {
                        double sd = Double.isNaN(v[1]) ? 0.0 : v[1];
                        series.add(r.epoch(), v[0], v[0] - sd, v[0] + sd);
                    }
                }
                data.addSeries(series);
            }
            NumberAxis value = new NumberAxis(metric);
            value.setAutoRangeIncludesZero(false);
            keepReadable(value, data);
            XYPlot panel = new XYPlot(data, null, value, renderer(data, List.of()));
            panel.setBackgroundPaint(Color.WHITE);
            panel.setDomainGridlinePaint(new Color(0xDDDDDD));
            panel.setRangeGridlinePaint(new Color(0xDDDDDD));
            combined.add(panel);
        }
        // one legend entry per group, not one per group and panel
        combined.setFixedLegendItems(((XYPlot) combined.getSubplots().get(0)).getLegendItems());
        JFreeChart chart = new JFreeChart(study, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle("reported metrics, epoch means; mean ± 1 SD over seeds"
                + (shown.size() < names.size() ? " (first " + shown.size() + " of " + names.size()
                        + " metrics; all are in summary.csv)" : "")));
        return Optional.of(chart);
    }

    /** The other sweep values of a group, so two groups on the same line of the key stay apart. */
    private static String rest(Map<String, Object> sweep, String key) {
        StringBuilder sb = new StringBuilder();
        sweep.forEach((k, v) -> {
            if (!k.equals(key)) {
                sb.append(' ').append(k).append('=').append(v);
            }
        });
        return sb.toString();
    }

    private static XYPlot style(JFreeChart chart, YIntervalSeriesCollection data, List<Integer> dashed) {
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setRenderer(renderer(data, dashed));
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setAutoRangeIncludesZero(false);
        keepReadable(range, data);
        return plot;
    }

    /**
     * One colour per series, a translucent band, dashed where asked; a series of a single point (a one-epoch trial's
     * metric) gets a marker, since a line through one point draws nothing.
     */
    private static DeviationRenderer renderer(YIntervalSeriesCollection data, List<Integer> dashed) {
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(0.18f);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            Color c = PALETTE[i % PALETTE.length];
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesFillPaint(i, c);
            renderer.setSeriesStroke(i, dashed.contains(i)
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f)
                    : new BasicStroke(2f));
            // one marker shape for every series: JFreeChart would hand out the next shape per panel and series
            renderer.setSeriesShape(i, MARKER);
            if (data.getItemCount(i) == 1) {
                renderer.setSeriesShapesVisible(i, true);
            }
        }
        return renderer;
    }

    /**
     * An axis over (nearly) equal values spans at least {@link #FLAT_SPAN} of their size: JFreeChart would otherwise
     * zoom into rounding noise and label every tick with the same number (ten times "5.711902E-1").
     */
    static void keepReadable(NumberAxis axis, YIntervalSeriesCollection data) {
        double largest = 0;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                double v = data.getYValue(s, i);
                if (Double.isFinite(v)) {
                    largest = Math.max(largest, Math.abs(v));
                }
            }
        }
        axis.setAutoRangeMinimumSize(largest > 0 ? FLAT_SPAN * largest : 1.0);
    }

    /**
     * Band edges in percent, kept within 0–100 % (mean ± SD of an accuracy near 100 % would otherwise draw
     * an impossible band); no band where one seed gives no SD.
     */
    private static double low(double mean, double sd) {
        return PERCENT * Math.max(0.0, Double.isNaN(sd) ? mean : mean - sd);
    }

    private static double high(double mean, double sd) {
        return PERCENT * Math.min(1.0, Double.isNaN(sd) ? mean : mean + sd);
    }

    private static void write(AtomicFiles files, Path file, JFreeChart chart) throws IOException {
        files.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT));
    }

    /** The one key a study sweeps, if it sweeps exactly one. */
    static Optional<String> singleKey(List<String> sweepKeys) {
        return sweepKeys.size() == 1 ? Optional.of(sweepKeys.get(0)) : Optional.empty();
    }
}

package org.engram.memory.reservoir;

import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The E1 figure (spec §3.4): the target signal ξ* and the reservoir's readout as heatmaps, unit against
 * request, one above the other on one colour scale, so a readout that tracks its target looks like it.
 */
final class Heatmaps {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Heatmaps() {
    }

    /**
     * @param panels name and [requests][units] values of each heatmap, drawn top to bottom
     */
    static void write(Path file, String title, List<Panel> panels) throws IOException {
        double limit = 0.0;
        for (Panel p : panels) {
            for (double[] row : p.values()) {
                for (double v : row) {
                    limit = Math.max(limit, Math.abs(v));
                }
            }
        }
        PaintScale scale = new Diverging(limit == 0.0 ? 1.0 : limit);
        NumberAxis time = new NumberAxis("signal request (one per training sample)");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        for (Panel p : panels) {
            DefaultXYZDataset data = new DefaultXYZDataset();
            int requests = p.values().size();
            int units = requests == 0 ? 0 : p.values().get(0).length;
            double[][] xyz = new double[3][requests * units];
            for (int t = 0; t < requests; t++) {
                for (int k = 0; k < units; k++) {
                    int i = t * units + k;
                    xyz[0][i] = t;
                    xyz[1][i] = k;
                    xyz[2][i] = p.values().get(t)[k];
                }
            }
            data.addSeries(p.name(), xyz);
            XYBlockRenderer renderer = new XYBlockRenderer();
            renderer.setPaintScale(scale);
            NumberAxis unit = new NumberAxis(p.name() + " — unit");
            unit.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            unit.setRange(-0.5, units - 0.5);
            XYPlot panel = new XYPlot(data, null, unit, renderer);
            panel.setBackgroundPaint(Color.WHITE);
            plot.add(panel);
        }
        time.setLowerMargin(0.0);
        time.setUpperMargin(0.0);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        NumberAxis legendAxis = new NumberAxis("ξ");
        legendAxis.setRange(-scale.getUpperBound(), scale.getUpperBound());
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, 220 * panels.size() + 80);
    }

    record Panel(String name, List<double[]> values) {
    }

    /** Blue (negative) through white (zero) to red (positive), symmetric around zero. */
    private record Diverging(double limit) implements PaintScale {
        @Override
        public double getLowerBound() {
            return -limit;
        }

        @Override
        public double getUpperBound() {
            return limit;
        }

        @Override
        public Paint getPaint(double value) {
            double u = Math.max(-1.0, Math.min(1.0, value / limit));
            int fade = (int) Math.round(255 * (1.0 - Math.abs(u)));
            return u >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
        }
    }
}

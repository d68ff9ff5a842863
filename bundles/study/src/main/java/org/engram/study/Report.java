package org.engram.study;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.engram.api.engine.EpochResult;
import org.engram.api.study.Study;
import org.engram.api.study.StudyTrial;
import org.engram.api.study.TrialStatus;

/**
 * A run folder's {@code report.html}: one self-contained page (it opens from disk, with no network and no server)
 * with the study at a glance, each group against the baseline, interactive curves with ±1 SD bands drawn by ECharts
 * (its script is written into the page), and each trial's state and provenance. Everything is read from the folder
 * as it is, so any process may rewrite the page at any time: at the start of a run, after every epoch, at the end
 * and on {@code engram collect}.
 *
 * <p>The tables are HTML written here, the charts are drawn by the page's script from the JSON data block
 * {@code #report-data}; a reader without JavaScript still gets every number.
 */
final class Report {

    static final String FILE = "report.html";
    /** The ECharts build this bundle carries (see the pom: copied from the Maven Central webjar at build time). */
    private static final String ECHARTS = "echarts/echarts.min.js";
    private static final String TEST_ACCURACY = "test accuracy (%)";
    private static final String TRAIN_ACCURACY = "train accuracy (%)";
    private static final double PERCENT = 100.0;

    /** Loaded once: about 1 MB, the same in every report. */
    private static volatile String echarts;

    private Report() {
    }

    /** Everything the page shows, read from a run folder. */
    record Contents(Study study, Path folder, String baseline, List<TrialStatus> states, Map<String, List<EpochResult>> epochs,
            Map<String, String> provenance, Instant time) {

        /** Reads the folder now; a file being replaced or damaged leaves its part out rather than failing the page. */
        static Contents read(Study study, Path folder, String here, Instant time) {
            List<TrialStatus> states = TrialStates.read(study, folder, here);
            Map<String, List<EpochResult>> epochs = new LinkedHashMap<>();
            Map<String, String> provenance = new LinkedHashMap<>();
            for (StudyTrial t : study.trials()) {
                Path dir = folder.resolve(t.id());
                try {
                    if (Files.isRegularFile(dir.resolve(MetricsCsv.FILE))) {
                        epochs.put(t.id(), MetricsCsv.readEpochs(dir.resolve(MetricsCsv.FILE)));
                    }
                    if (Files.isRegularFile(dir.resolve(StudyRun.PROVENANCE))) {
                        provenance.put(t.id(), Files.readString(dir.resolve(StudyRun.PROVENANCE), StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the next rewrite of the page reads it again
                }
            }
            return new Contents(study, folder, StudyParser.baselineGroup(study), states, epochs, provenance, time);
        }

        private Map<String, List<EpochResult>> epochsOf(Predicate<TrialStatus.State> state) {
            Map<String, List<EpochResult>> out = new LinkedHashMap<>();
            for (TrialStatus s : states) {
                if (state.test(s.state()) && epochs.containsKey(s.id())) {
                    out.put(s.id(), epochs.get(s.id()));
                }
            }
            return out;
        }

        /** The finished trials' epochs, as {@code summary.csv} counts them. */
        Map<String, List<EpochResult>> done() {
            return epochsOf(s -> s == TrialStatus.State.DONE);
        }

        List<Comparisons.Group> groups() {
            Map<String, List<EpochResult>> done = done();
            return Comparisons.groups(study.trials(), done, Summary.compute(study.trials(), rows(done)));
        }
    }

    /** Writes the page into the run folder. */
    static void write(AtomicFiles files, Contents contents) throws IOException {
        files.write(contents.folder().resolve(FILE), html(contents));
    }

    /** The rows of each trial as the summary reads them. */
    static Map<String, List<MetricsCsv.Row>> rows(Map<String, List<EpochResult>> epochs) {
        Map<String, List<MetricsCsv.Row>> out = new LinkedHashMap<>();
        epochs.forEach((id, list) -> out.put(id, list.stream()
                .map(e -> new MetricsCsv.Row(e.epoch(), e.trainAccuracy(), e.testAccuracy(), e.metrics())).toList()));
        return out;
    }

    static String html(Contents c) {
        List<Comparisons.Group> groups = c.groups();
        Optional<Comparisons.Group> best = Comparisons.best(groups);
        StringBuilder h = new StringBuilder(1_100_000);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(esc(c.study().name())).append(" · Engram report</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(c.study().name())).append("</h1>\n<p class=\"meta\">")
                .append(esc(counts(c.states()))).append(" · updated ").append(c.time().truncatedTo(ChronoUnit.SECONDS))
                .append(" · <code>").append(esc(String.valueOf(c.folder().toAbsolutePath().normalize().getFileName())))
                .append("</code></p>\n");
        glance(h, groups, best);
        comparisons(h, c.baseline(), Comparisons.against(c.baseline(), groups));
        h.append("<h2>Curves</h2>\n<p class=\"note\">Mean over seeds per epoch with a ±1 SD band; finished and running trials "
                + "(hover for values and n, click a legend entry to hide a group). Epoch 0 is before training.</p>\n")
                .append("<div id=\"charts\"></div>\n");
        trials(h, c);
        h.append("<script type=\"application/json\" id=\"report-data\">")
                .append(scriptSafe(Json.write(Map.of("charts", charts(c))))).append("</script>\n");
        h.append("<script>\n").append(echarts()).append("\n</script>\n<script>\n").append(DRAW).append("</script>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static String counts(List<TrialStatus> states) {
        Map<TrialStatus.State, Integer> n = new EnumMap<>(TrialStatus.State.class);
        states.forEach(s -> n.merge(s.state(), 1, Integer::sum));
        StringBuilder sb = new StringBuilder(states.size() + (states.size() == 1 ? " trial" : " trials"));
        n.forEach((state, k) -> sb.append(", ").append(k).append(' ').append(state.name().toLowerCase(Locale.ROOT)));
        return sb.toString();
    }

    private static void glance(StringBuilder h, List<Comparisons.Group> groups, Optional<Comparisons.Group> best) {
        h.append("<h2>At a glance</h2>\n");
        if (groups.isEmpty()) {
            h.append("<p class=\"note\">No trial has finished yet.</p>\n");
            return;
        }
        h.append("<table id=\"glance\">\n<thead><tr><th>group</th><th>variant</th><th>epoch</th><th>n seeds</th>"
                + "<th>final test accuracy, mean ± SD</th><th>95 % CI of the mean</th><th>s / epoch</th></tr></thead>\n<tbody>\n");
        for (Comparisons.Group g : groups) {
            Summary.Row r = g.row();
            boolean isBest = best.isPresent() && best.get() == g;
            h.append("<tr data-group=\"").append(esc(g.name())).append("\" data-epoch=\"").append(r.epoch())
                    .append("\" data-n=\"").append(r.n()).append("\" data-mean=\"").append(r.testMean())
                    .append("\" data-sd=\"").append(r.testSd()).append('"').append(isBest ? " class=\"best\"" : "").append('>')
                    .append("<td>").append(esc(g.name())).append(isBest ? " <span class=\"badge\">best</span>" : "").append("</td>")
                    .append("<td>").append(esc(r.variant())).append("</td><td class=\"num\">").append(r.epoch())
                    .append("</td><td class=\"num\">").append(r.n()).append("</td><td class=\"num\">")
                    .append(percent(r.testMean())).append(" ± ").append(points(r.testSd())).append("</td><td class=\"num\">")
                    .append(interval(g.interval())).append("</td><td class=\"num\">").append(seconds(g.secondsPerEpoch()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n<p class=\"note\">Finished trials only, at each group's last epoch, as in "
                + "<code>summary.csv</code>; the SD is over seeds (n − 1), the interval uses Student's t.</p>\n");
    }

    private static void comparisons(StringBuilder h, String baseline, List<Comparisons.Comparison> comparisons) {
        h.append("<h2>Against the baseline <code>").append(esc(baseline)).append("</code></h2>\n");
        if (comparisons.isEmpty()) {
            h.append("<p class=\"note\">Nothing to compare yet: the baseline or every other group has no finished trial.</p>\n");
            return;
        }
        h.append("<table id=\"comparisons\">\n<thead><tr><th>group</th><th>n</th><th>baseline n</th>"
                + "<th>difference in test accuracy</th><th>95 % CI of the difference</th><th>Welch t</th><th>df</th>"
                + "<th>p</th></tr></thead>\n<tbody>\n");
        for (Comparisons.Comparison c : comparisons) {
            Statistics.Welch w = c.welch();
            boolean significant = w.p() < 1 - Statistics.LEVEL;
            h.append("<tr data-group=\"").append(esc(c.group().name())).append("\" data-p=\"").append(w.p()).append('"')
                    .append(significant ? " class=\"significant\"" : "").append("><td>").append(esc(c.group().name()))
                    .append("</td><td class=\"num\">").append(c.group().row().n()).append("</td><td class=\"num\">")
                    .append(c.baseline().row().n()).append("</td><td class=\"num\">").append(signedPoints(w.difference()))
                    .append("</td><td class=\"num\">").append(intervalPoints(w.interval())).append("</td><td class=\"num\">")
                    .append(number(w.t(), "%.2f")).append("</td><td class=\"num\">").append(number(w.df(), "%.1f"))
                    .append("</td><td class=\"num\">").append(pValue(w.p())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n<p class=\"note\">Differences in percentage points (group − baseline) over seeds at the "
                + "last epoch; Welch's unequal-variance t-test, two-sided. Also in <code>comparisons.csv</code>. "
                + "p is undefined with fewer than two seeds a side or when no seed differs from another.</p>\n");
    }

    private static void trials(StringBuilder h, Contents c) {
        h.append("<h2>Trials</h2>\n<table id=\"trials\">\n<thead><tr><th>trial</th><th>seed</th><th>state</th>"
                + "<th>test accuracy</th><th>provenance</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < c.study().trials().size(); i++) {
            StudyTrial t = c.study().trials().get(i);
            TrialStatus s = c.states().get(i);
            List<EpochResult> epochs = c.epochs().getOrDefault(t.id(), List.of());
            String state = s.state().name().toLowerCase(Locale.ROOT);
            h.append("<tr data-trial=\"").append(esc(t.id())).append("\" data-state=\"").append(state).append("\"><td>")
                    .append(esc(t.id())).append("</td><td class=\"num\">").append(t.seed()).append("</td><td><span class=\"state ")
                    .append(state).append("\">").append(state).append("</span> ").append(esc(stateDetail(s, epochs)))
                    .append("</td><td class=\"num\">")
                    .append(epochs.isEmpty() ? "–" : percent(epochs.get(epochs.size() - 1).testAccuracy()))
                    .append("</td><td><details><summary>")
                    .append(c.provenance().containsKey(t.id()) ? "provenance.json" : "planned spec")
                    .append("</summary><pre>")
                    .append(escText(c.provenance().getOrDefault(t.id(), Json.write(Records.trial(t))))).append("</pre></details></td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /** What a trial's state line adds: its epoch and time left while it runs, its reason when it failed. */
    static String stateDetail(TrialStatus s, List<EpochResult> epochs) {
        return switch (s.state()) {
            case RUNNING -> {
                double perEpoch = epochs.stream().filter(e -> e.epoch() >= 1).mapToDouble(EpochResult::seconds).average()
                        .orElse(Double.NaN);
                int left = s.epochs() - s.epochsDone();
                yield "epoch " + Math.min(s.epochsDone() + 1, s.epochs()) + " of " + s.epochs()
                        + (Double.isNaN(perEpoch) ? "" : ", about " + duration(perEpoch * left) + " left")
                        + (s.host() == null ? "" : " on " + s.host());
            }
            case DONE -> s.epochs() + (s.epochs() == 1 ? " epoch" : " epochs");
            case FAILED, INTERRUPTED -> (s.epochsDone() > 0 ? "after epoch " + s.epochsDone() + ": " : "") + s.message();
            case QUEUED -> "";
        };
    }

    /** One chart per quantity: the accuracies, then every reported metric by name. */
    static List<Object> charts(Contents c) {
        Map<String, List<EpochResult>> shown = c.epochsOf(s -> s == TrialStatus.State.DONE || s == TrialStatus.State.RUNNING);
        List<Summary.Row> rows = Summary.compute(c.study().trials(), rows(shown));
        List<Object> charts = new ArrayList<>();
        // an accuracy band stays within 0-100 %: mean ± SD near 100 % would otherwise draw an impossible band
        List<Double> percent = List.of(0.0, PERCENT);
        charts.add(chart(TEST_ACCURACY, percent, rows, r -> new double[] {PERCENT * r.testMean(), PERCENT * r.testSd()}));
        charts.add(chart(TRAIN_ACCURACY, percent, rows, r -> Double.isNaN(r.trainMean()) ? null
                : new double[] {PERCENT * r.trainMean(), PERCENT * r.trainSd()}));
        for (String metric : Summary.metricNames(rows)) {
            charts.add(chart(metric, null, rows, r -> r.metrics().get(metric)));
        }
        return charts;
    }

    /**
     * A chart's data: per group, points {@code [epoch, mean, sd or null, n]}.
     *
     * @param bounds the least and greatest value a band may reach, or null for none
     */
    private static Map<String, Object> chart(String title, List<Double> bounds, List<Summary.Row> rows,
            java.util.function.Function<Summary.Row, double[]> value) {
        Map<String, List<Object>> groups = new LinkedHashMap<>();
        for (Summary.Row r : rows) {
            double[] v = value.apply(r);
            List<Object> points = groups.computeIfAbsent(r.group(), g -> new ArrayList<>());
            if (v != null && Double.isFinite(v[0])) {
                points.add(java.util.Arrays.asList(r.epoch(), v[0], Double.isFinite(v[1]) ? v[1] : null, r.n()));
            }
        }
        List<Object> series = new ArrayList<>();
        groups.forEach((g, points) -> {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("name", g);
            group.put("points", points);
            series.add(group);
        });
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("title", title);
        chart.put("bounds", bounds);
        chart.put("groups", series);
        return chart;
    }

    /** The ECharts script, read once from this bundle. */
    private static String echarts() {
        String s = echarts;
        if (s == null) {
            try (InputStream in = Report.class.getResourceAsStream(ECHARTS)) {
                if (in == null) {
                    throw new IllegalStateException("this build of org.engram.study lacks " + ECHARTS
                            + " (the build copies it from the webjar org.webjars.npm:echarts); rebuild the bundle");
                }
                s = scriptSafe(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + ECHARTS + " from the org.engram.study bundle", e);
            }
            echarts = s;
        }
        return s;
    }

    /** Script text that cannot end its {@code <script>} element early: {@code </} becomes the equivalent {@code <\/}. */
    static String scriptSafe(String script) {
        return script.replace("</", "<\\/");
    }

    /** Text for an attribute value or an element. */
    static String esc(String s) {
        return escText(s).replace("\"", "&quot;");
    }

    /** Text for an element's content, where quotes may stay (provenance JSON stays readable in the page's source). */
    static String escText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** An accuracy as the page shows it: {@code 91.23 %}; the test reads summary.csv the same way. */
    static String percent(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f %%", PERCENT * v);
    }

    private static String points(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", PERCENT * v);
    }

    private static String signedPoints(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.2f pp", PERCENT * v);
    }

    private static String interval(Statistics.Interval i) {
        return Double.isNaN(i.low()) ? "–" : String.format(Locale.ROOT, "%.2f – %.2f %%", PERCENT * i.low(), PERCENT * i.high());
    }

    private static String intervalPoints(Statistics.Interval i) {
        return Double.isNaN(i.low()) ? "–" : String.format(Locale.ROOT, "%+.2f to %+.2f pp", PERCENT * i.low(), PERCENT * i.high());
    }

    private static String number(double v, String format) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
    }

    static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "–";
        }
        return p < 1e-4 ? "&lt; 0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "–" : s < 10 ? String.format(Locale.ROOT, "%.3g s", s) : duration(s);
    }

    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    private static final String STYLE = """
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 24px auto;
                   max-width: 1200px; padding: 0 16px; }
            h1 { margin-bottom: 4px; } h2 { margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            .meta, .note { color: #666; } .note { font-size: 12px; }
            table { border-collapse: collapse; width: 100%; } th, td { padding: 4px 8px; border-bottom: 1px solid #eee;
                   text-align: left; vertical-align: top; }
            th { background: #f6f6f6; font-weight: 600; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
            tr.best td { background: #eef6ec; } tr.significant td:last-child { font-weight: 600; }
            .badge { background: #59a14f; color: #fff; border-radius: 3px; padding: 0 5px; font-size: 11px; }
            .state { border-radius: 3px; padding: 0 5px; font-size: 12px; color: #fff; background: #999; }
            .state.done { background: #59a14f; } .state.running { background: #4e79a7; } .state.failed { background: #e15759; }
            .state.interrupted { background: #f28e2b; }
            #charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 16px; }
            .chart { height: 340px; border: 1px solid #eee; }
            details pre { max-height: 320px; overflow: auto; background: #fafafa; padding: 8px; font-size: 12px; }
            """;

    /**
     * Draws #report-data's charts: per group a line with markers and a translucent ±1 SD polygon sharing its name (so
     * the legend shows and hides both); band points are {@code [epoch, low, high]}, within the chart's bounds.
     */
    private static final String DRAW = """
            (function () {
              'use strict';
              var palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
                             '#9c755f', '#bab0ac'];
              var data = JSON.parse(document.getElementById('report-data').textContent);
              var container = document.getElementById('charts');
              function format(v) { return Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 0.01) ? v.toExponential(3) : v.toFixed(4); }
              data.charts.forEach(function (chart) {
                var box = document.createElement('div');
                box.className = 'chart';
                box.setAttribute('data-chart', chart.title);
                container.appendChild(box);
                var series = [];
                chart.groups.forEach(function (group, i) {
                  var color = palette[i % palette.length];
                  series.push({ name: group.name, type: 'line', data: group.points, encode: { x: 0, y: 1 },
                                showSymbol: true, symbolSize: 7, color: color, lineStyle: { width: 2 }, z: 3 });
                  var low = chart.bounds ? chart.bounds[0] : -Infinity;
                  var high = chart.bounds ? chart.bounds[1] : Infinity;
                  var band = group.points.filter(function (p) { return p[2] !== null; }).map(function (p) {
                    return [p[0], Math.max(low, p[1] - p[2]), Math.min(high, p[1] + p[2])];
                  });
                  if (band.length > 0) {
                    series.push({ name: group.name, type: 'custom', silent: true, z: 1, color: color,
                      data: band, encode: { x: 0, y: [1, 2] },
                      tooltip: { show: false },
                      renderItem: function (params, api) {
                        if (params.dataIndex !== 0) { return { type: 'group', children: [] }; }
                        var upper = band.map(function (p) { return api.coord([p[0], p[2]]); });
                        var lower = band.map(function (p) { return api.coord([p[0], p[1]]); }).reverse();
                        return { type: 'polygon', shape: { points: upper.concat(lower) },
                                 style: { fill: color, stroke: color, lineWidth: 1, opacity: 0.2 } };
                      } });
                  }
                });
                echarts.init(box).setOption({
                  animation: false,
                  color: palette,
                  title: { text: chart.title, left: 8, top: 6, textStyle: { fontSize: 14 } },
                  legend: { type: 'scroll', top: 30, data: chart.groups.map(function (g) { return g.name; }) },
                  grid: { left: 64, right: 24, top: 70, bottom: 44 },
                  tooltip: { trigger: 'axis', formatter: function (items) {
                    var lines = items.filter(function (it) { return it.seriesType === 'line'; }).map(function (it) {
                      var p = it.data;
                      return it.marker + it.seriesName + ': ' + format(p[1]) + (p[2] === null ? '' : ' ± ' + format(p[2]))
                          + ' (n=' + p[3] + ')';
                    });
                    return lines.length ? 'epoch ' + items[0].data[0] + '<br>' + lines.join('<br>') : '';
                  } },
                  xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, minInterval: 1 },
                  yAxis: { type: 'value', scale: true },
                  series: series
                });
              });
            })();
            """;
}

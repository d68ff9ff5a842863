package org.engram.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real small study (bin/engram, XOR, two rules, three seeds) opened in headless Chromium from disk:
 * no console message at all (errors included), every chart drawn, and the table's numbers those of summary.csv.
 * Chromium runs on a copy of the page with a check script appended, which writes what it finds into the DOM that
 * {@code --dump-dom} prints; console messages come from Chromium's own log on stderr.
 */
class ReportInBrowserIT {

    private static final Path DIST = Path.of(System.getProperty("engram.dist.dir", "target/engram")).toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 180;

    /** Runs after the page's own scripts: the painted pixels of every chart's canvas, then the table's cells. */
    private static final String CHECKS = """
            <script>
            window.addEventListener('load', function () {
              requestAnimationFrame(function () { setTimeout(function () {
                var lines = [];
                document.querySelectorAll('.chart').forEach(function (box) {
                  var painted = 0;
                  box.querySelectorAll('canvas').forEach(function (c) {
                    var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) { painted++; } }
                  });
                  lines.push('chart\\t' + box.getAttribute('data-chart') + '\\t' + painted);
                });
                document.querySelectorAll('#glance tbody tr').forEach(function (tr) {
                  lines.push('row\\t' + tr.getAttribute('data-group') + '\\t' + tr.cells[4].textContent);
                });
                var pre = document.createElement('pre');
                pre.id = 'checks';
                pre.textContent = lines.join('\\n');
                document.body.appendChild(pre);
              }, 200); });
            });
            </script>
            """;

    @TempDir
    Path workDir;

    @Test
    void theReportOfARealStudyRendersEveryChartWithoutConsoleMessagesAndShowsTheSummarysNumbers() throws Exception {
        Files.writeString(workDir.resolve("two-rules.yaml"), """
                study: two-rules
                epochs: 3
                seeds: [1, 2, 3]
                trainLimit: 400
                baseline: backprop
                defaults:
                  dataset: xor
                  network: [{size: 8, neuron: relu-layernorm}, {size: 2, neuron: linear}]
                  rule: {name: ib-hebbian, gamma: 2}
                trials:
                  - name: ib-hebbian
                  - name: backprop
                    rule: {name: backprop}
                """);
        run(List.of(DIST.resolve("bin/engram").toString(), "run", "two-rules.yaml", "--runs", "runs", "-q"));
        Path folder;
        try (Stream<Path> runs = Files.list(workDir.resolve("runs"))) {
            folder = runs.findFirst().orElseThrow();
        }
        Path page = workDir.resolve("checked.html");
        String report = Files.readString(folder.resolve("report.html"), StandardCharsets.UTF_8);
        Files.writeString(page, report.replace("</body>", CHECKS + "</body>"));

        Result browser = run(chromium("--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000", "--dump-dom",
                page.toUri().toString()));

        List<String> console = browser.err().lines().filter(l -> l.contains(":CONSOLE")).toList();
        assertEquals(List.of(), console, "the page writes nothing to the console");
        Matcher checks = Pattern.compile("(?s)<pre id=\"checks\">(.*?)</pre>").matcher(browser.out());
        assertTrue(checks.find(), "the check script ran:\n" + browser.out().substring(0, Math.min(2000, browser.out().length())));
        Map<String, Long> charts = new LinkedHashMap<>();
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : unescape(checks.group(1)).split("\n")) {
            String[] cells = line.split("\t");
            if (cells[0].equals("chart")) {
                charts.put(cells[1], Long.parseLong(cells[2]));
            } else {
                rows.put(cells[1], cells[2]);
            }
        }
        assertEquals(List.of("test accuracy (%)", "train accuracy (%)", "cross_entropy", "hsic_xz/0", "hsic_yz/0"),
                List.copyOf(charts.keySet()), "a chart per accuracy and per reported metric");
        charts.forEach((chart, painted) -> assertTrue(painted > 1000, chart + " drew " + painted + " pixels"));
        assertEquals(finalRowsOf(folder.resolve("summary.csv")), rows, "the table shows summary.csv's last epoch");
        assertFalse(report.contains("http://") && report.contains("<script src="), "nothing is loaded from elsewhere");

        Path screenshot = workDir.resolve("report.png");
        run(chromium("--window-size=1280,1800", "--virtual-time-budget=10000", "--screenshot=" + screenshot,
                folder.resolve("report.html").toUri().toString()));
        assertTrue(Files.size(screenshot) > 50_000, "a screenshot with the charts drawn: " + Files.size(screenshot) + " bytes");
    }

    /** Per group, the test accuracy at its last epoch as the page shows it: mean % ± SD in points. */
    private static Map<String, String> finalRowsOf(Path summary) throws IOException {
        List<String> lines = Files.readAllLines(summary, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(",", -1));
        Map<String, String[]> last = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            last.put(cells[header.indexOf("group")], cells);
        }
        Map<String, String> out = new LinkedHashMap<>();
        last.forEach((group, cells) -> out.put(group, String.format(Locale.ROOT, "%.2f %% ± %.2f",
                100 * Double.parseDouble(cells[header.indexOf("test_accuracy_mean")]),
                100 * Double.parseDouble(cells[header.indexOf("test_accuracy_sd")]))));
        return out;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    /** Headless Chromium as the build runs it: no sandbox (root in CI), no GPU, no network of its own, a fresh profile. */
    private List<String> chromium(String... args) throws IOException {
        Path binary = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new AssertionError("no Chromium: install Debian's 'chromium' package "
                        + "(apt-get install chromium; .ci/run installs it), which this test opens the report in"));
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(workDir, "chromium-profile")));
        command.addAll(List.of(args));
        return command;
    }

    private record Result(String out, String err) {
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile())).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " still running after " + TIMEOUT_SECONDS + " s");
        }
        Result r = new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\nstdout:\n" + r.out() + "\nstderr:\n" + r.err());
        return r;
    }
}

package org.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.engram.api.engine.EpochResult;
import org.junit.jupiter.api.Test;

class TrialProgressTest {

    private final StringWriter text = new StringWriter();
    private long now;

    @Test
    void onATerminalTheEpochShowsSamplesRateAndTimeLeftAtMostOnceASecond() {
        TrialProgress p = new TrialProgress(new PrintWriter(text), true, false, () -> now, 2);
        now = 2_000_000_000L;
        p.progress(1, 1000, 4000);
        String bar = "epoch 1/2  1000/4000 samples  500 samples/s  epoch ETA 6s  trial ETA 14s";
        assertEquals("\r" + bar, text.toString());
        now += StudyProgress.REDRAW_NANOS - 1;
        p.progress(1, 1100, 4000);
        assertEquals("\r" + bar, text.toString(), "not redrawn within a second");

        p.epochDone(new EpochResult(1, 0.5, 0.6, Map.of("hsic_yz/0", 0.2, "hsic_xz/0", 0.1), 8.0));

        assertTrue(text.toString().endsWith("\r" + " ".repeat(bar.length()) + "\repoch 1/2  train 50.00%  test 60.00%  8.0 s"
                + "  hsic_xz/0 0.1000  hsic_yz/0 0.2000\n"), "the bar gives way to the epoch's line, metrics by name: " + text);
    }

    @Test
    void aLogGetsOneLinePerEpochAndQuietNothing() {
        TrialProgress log = new TrialProgress(new PrintWriter(text), false, false, () -> now, 1);
        now = 5_000_000_000L;
        log.progress(1, 1000, 4000);
        log.epochDone(new EpochResult(1, 0.5, 0.6, Map.of(), 2.0));
        assertEquals("epoch 1/1  train 50.00%  test 60.00%  2.0 s\n", text.toString());

        StringWriter quietText = new StringWriter();
        TrialProgress quiet = new TrialProgress(new PrintWriter(quietText), true, true, () -> now, 1);
        now += 5_000_000_000L;
        quiet.progress(1, 1000, 4000);
        quiet.epochDone(new EpochResult(1, 0.5, 0.6, Map.of(), 2.0));
        assertEquals("", quietText.toString());
    }

    @Test
    void provenanceIsPrintedInReadingOrder() {
        Map<String, String> engine = new LinkedHashMap<>();
        for (String k : List.of("os", "bundle.org.engram.api", "layer.10", "rule", "seed", "layer.2", "dataset.sha256", "start",
                "end", "trial", "dataset", "zeta", "backend", "memory", "epochs")) {
            engine.put(k, "v");
        }

        assertEquals(List.of("trial", "seed", "epochs", "dataset", "dataset.sha256", "layer.2", "layer.10", "rule", "memory",
                "backend", "start", "end", "os", "bundle.org.engram.api", "zeta"),
                List.copyOf(TrialCommand.inReadingOrder(engine).keySet()));
    }
}

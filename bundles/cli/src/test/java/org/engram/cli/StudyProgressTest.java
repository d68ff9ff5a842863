package org.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.LayerSpec;
import org.engram.api.engine.TrialResult;
import org.engram.api.engine.TrialSpec;
import org.engram.api.study.Study;
import org.engram.api.study.StudyTrial;
import org.junit.jupiter.api.Test;

class StudyProgressTest {

    private final StringWriter text = new StringWriter();
    private long now;

    private static StudyTrial trial(String id, int epochs) {
        TrialSpec spec = new TrialSpec(id, "xor", Map.of(), List.of(new LayerSpec(2, "linear", Map.of())), "backprop",
                Map.of(), null, Map.of(), null, Map.of(), 1, epochs, 0, 0);
        return new StudyTrial(id, id, id, Map.of(), 1, spec);
    }

    @Test
    void plainLinesCarryEpochAccuracyRateAndAnEtaFromTheEpochsDone() {
        StudyProgress p = new StudyProgress(new PrintWriter(text), false, false, () -> now);
        StudyTrial a = trial("a", 2);
        StudyTrial b = trial("b", 2);
        p.started(new Study("s", "s.yaml", "", 2, List.of(a, b)), Path.of("runs/s"), List.of(a, b));
        p.trialStarted(a);
        p.epochDone(a, new EpochResult(0, Double.NaN, 0.1, Map.of(), 0));
        now = 5_000_000_000L;
        p.progress(a, 1, 10_000, 20_000);
        now = 10_000_000_000L;
        // 1 of 4 epochs in 10 s: 30 s to go
        p.epochDone(a, new EpochResult(1, 0.5, 0.6, Map.of(), 8.0));
        assertTrue(text.toString().endsWith("[1/2] a  epoch 1/2  test 60.00%  2500 samples/s  ETA 30s\n"), text.toString());
        p.trialFailed(a, "boom");
        // a's second epoch will never run: 2 of 4 done after 10 s
        p.trialStarted(b);
        p.epochDone(b, new EpochResult(0, Double.NaN, 0.5, Map.of(), 0));
        p.epochDone(b, new EpochResult(1, 0.5, 0.7, Map.of(), 8.0));
        assertTrue(text.toString().contains("[1/2] a  FAILED: boom\n"), text.toString());
        assertTrue(text.toString().endsWith("[2/2] b  epoch 1/2  test 70.00%  ETA 3s\n"), text.toString());
        now = 20_000_000_000L;
        p.trialDone(b, new TrialResult(b.spec(), List.of(new EpochResult(2, 0.9, 0.8, Map.of(), 1)), Map.of()));
        assertTrue(text.toString().endsWith("[2/2] b  done  test 80.00%  (1 done, 1 failed of 2 after 20s, ETA 0s)\n"),
                text.toString());
    }

    @Test
    void onATerminalOneLineIsRewrittenInPlaceAndFinishedTrialsStay() {
        StudyProgress p = new StudyProgress(new PrintWriter(text), true, false, () -> now);
        StudyTrial a = trial("a", 1);
        p.started(new Study("s", "s.yaml", "", 1, List.of(a)), Path.of("runs/s"), List.of(a));
        p.trialStarted(a);
        now = 1_000_000_000L;
        p.progress(a, 1, 1000, 4000);
        now += StudyProgress.REDRAW_NANOS - 1; // too soon: not redrawn
        p.progress(a, 1, 2000, 4000);
        String bar = "[0/1 done, 1 running] a epoch 1/1  1000/4000 samples  test -  1000 samples/s  epoch ETA 3s  study ETA 3s";
        assertTrue(text.toString().endsWith("\r" + bar), text.toString());
        now = 3_000_000_000L;
        p.trialDone(a, new TrialResult(a.spec(), List.of(new EpochResult(1, 0.9, 0.75, Map.of(), 1)), Map.of()));
        p.finished(null);
        assertTrue(text.toString().endsWith("\r" + " ".repeat(bar.length()) + "\r[1/1] a  done  test 75.00%  (1 done of 1 after 3s, "
                + "ETA 0s)\n"), text.toString());
        String afterHeader = text.toString().substring(text.toString().indexOf("into runs/s\n") + "into runs/s\n".length());
        assertEquals(1, afterHeader.chars().filter(c -> c == '\n').count(), "the bar is rewritten in place, never a new line");
    }

    @Test
    void aTrialContinuedFromItsCheckpointStartsAtItsEpochAndItsEpochsBeforeCountNeitherWay() {
        StudyProgress p = new StudyProgress(new PrintWriter(text), false, false, () -> now);
        StudyTrial a = trial("a", 5);
        p.started(new Study("s", "s.yaml", "", 1, List.of(a)), Path.of("runs/s"), List.of(a));
        p.trialStarted(a);
        // the study reports the last epoch done before the resume first, instead of epoch 0
        p.epochDone(a, new EpochResult(3, 0.5, 0.6, Map.of(), 8.0));
        assertTrue(text.toString().endsWith("[1/1] a  resumed after epoch 3/5  test 60.00%\n"), text.toString());
        now = 10_000_000_000L;
        // 1 of the 2 epochs left in 10 s: 10 s to go, not the 2.5 s that counting epochs 1 to 3 as done would say
        p.epochDone(a, new EpochResult(4, 0.5, 0.7, Map.of(), 10.0));
        assertTrue(text.toString().endsWith("[1/1] a  epoch 4/5  test 70.00%  ETA 10s\n"), text.toString());
    }

    @Test
    void onATerminalAResumedTrialsBarStartsAtTheEpochAfterItsCheckpoint() {
        StudyProgress p = new StudyProgress(new PrintWriter(text), true, false, () -> now);
        StudyTrial a = trial("a", 5);
        p.started(new Study("s", "s.yaml", "", 1, List.of(a)), Path.of("runs/s"), List.of(a));
        p.trialStarted(a);
        p.epochDone(a, new EpochResult(2, 0.5, 0.6, Map.of(), 8.0));
        assertTrue(text.toString().endsWith("\r[0/1 done, 1 running] a epoch 3/5  test 60.00%  study ETA ?"), text.toString());
    }

    @Test
    void durationsAreShort() {
        assertEquals(List.of("0s", "59s", "1m00s", "4m10s", "1h02m"), List.of(StudyProgress.duration(0),
                StudyProgress.duration(59), StudyProgress.duration(60), StudyProgress.duration(250), StudyProgress.duration(3720)));
    }

    @Test
    void someTrialsOfARunFolderAreNamedAsSuchNotAsTheRestOfAResume() {
        StudyProgress p = new StudyProgress(new PrintWriter(text), false, false, () -> now, true);
        StudyTrial a = trial("a", 2);
        StudyTrial b = trial("b", 2);
        p.started(new Study("s", "s.yaml", "", 1, List.of(a, b)), Path.of("runs/s"), List.of(b));
        assertEquals("study s: 1 of its 2 trials (b), up to 1 at a time, in runs/s\n", text.toString());
    }
}
